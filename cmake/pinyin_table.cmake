# Generates core/search's pinyin table at build time from Debian's unicode-data (Unihan_Readings.txt,
# kMandarin + kTGHZ2013) into the build dir and compiles it into crm_core_search. Never committed.
find_package(Python3 REQUIRED COMPONENTS Interpreter)
set(CRM_UNIHAN_READINGS "" CACHE FILEPATH "Unihan_Readings.txt(.bz2) or Unihan.zip (default: /usr/share/unicode)")
if(NOT CRM_UNIHAN_READINGS)
  foreach(candidate /usr/share/unicode/Unihan_Readings.txt.bz2 /usr/share/unicode/Unihan_Readings.txt
                    /usr/share/unicode/Unihan.zip)
    if(EXISTS "${candidate}")
      set(CRM_UNIHAN_READINGS "${candidate}" CACHE FILEPATH "" FORCE)
      break()
    endif()
  endforeach()
endif()
if(NOT CRM_UNIHAN_READINGS)
  message(FATAL_ERROR "Unihan_Readings.txt not found in /usr/share/unicode: run scripts/install_deps.sh "
                      "(Debian package unicode-data) or set CRM_UNIHAN_READINGS")
endif()

set(CRM_PINYIN_TABLE "${CMAKE_BINARY_DIR}/generated/pinyin_table.cpp")
add_custom_command(
  OUTPUT "${CRM_PINYIN_TABLE}"
  COMMAND Python3::Interpreter "${CMAKE_SOURCE_DIR}/scripts/gen_pinyin_table.py" "${CRM_PINYIN_TABLE}"
          "${CRM_UNIHAN_READINGS}"
  DEPENDS "${CMAKE_SOURCE_DIR}/scripts/gen_pinyin_table.py" "${CRM_UNIHAN_READINGS}"
  COMMENT "Generating the pinyin table from ${CRM_UNIHAN_READINGS}"
  VERBATIM)
target_sources(crm_core_search PRIVATE "${CRM_PINYIN_TABLE}")
