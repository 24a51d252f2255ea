# The demo data's word lists are assets (assets/demo/*.txt, *.tsv): scripts/gen_demo_words.py turns them into
# C++ arrays in the build dir at build time, which core/app/demo_data.cpp includes. Never committed.
find_package(Python3 REQUIRED COMPONENTS Interpreter)
file(GLOB CRM_DEMO_WORD_FILES CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/assets/demo/*.txt" "${CMAKE_SOURCE_DIR}/assets/demo/*.tsv")
set(CRM_DEMO_WORDS "${CMAKE_BINARY_DIR}/generated/demo_words.inc")
add_custom_command(
  OUTPUT "${CRM_DEMO_WORDS}"
  COMMAND Python3::Interpreter "${CMAKE_SOURCE_DIR}/scripts/gen_demo_words.py" "${CRM_DEMO_WORDS}"
          "${CMAKE_SOURCE_DIR}/assets/demo"
  DEPENDS "${CMAKE_SOURCE_DIR}/scripts/gen_demo_words.py" ${CRM_DEMO_WORD_FILES}
  COMMENT "Generating the demo word lists from assets/demo/"
  VERBATIM)
target_sources(crm_core_app PRIVATE "${CRM_DEMO_WORDS}")
set_source_files_properties("${CRM_DEMO_WORDS}" PROPERTIES HEADER_FILE_ONLY TRUE)
target_include_directories(crm_core_app PRIVATE "${CMAKE_BINARY_DIR}/generated")
