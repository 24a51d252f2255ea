# Third-party code, never committed: nlohmann/json and doctest from Debian packages, Dear ImGui
# compiled from Debian's source package fetched into .deps/imgui by scripts/install_deps.sh.

# Debian installs the headers in /usr/include; the wasm build must not see the rest of that folder,
# so both builds reach them through a folder of symlinks made here.
set(CRM_TP_INCLUDE "${CMAKE_BINARY_DIR}/third_party_include")
file(MAKE_DIRECTORY "${CRM_TP_INCLUDE}")
foreach(dir nlohmann doctest)
  if(NOT EXISTS "/usr/include/${dir}")
    message(FATAL_ERROR "/usr/include/${dir} is missing: run scripts/install_deps.sh")
  endif()
  file(CREATE_LINK "/usr/include/${dir}" "${CRM_TP_INCLUDE}/${dir}" SYMBOLIC)
endforeach()

add_library(crm_json INTERFACE)
target_include_directories(crm_json SYSTEM INTERFACE "${CRM_TP_INCLUDE}")
target_compile_definitions(crm_json INTERFACE JSON_USE_IMPLICIT_CONVERSIONS=0)

add_library(crm_doctest INTERFACE)
target_include_directories(crm_doctest SYSTEM INTERFACE "${CRM_TP_INCLUDE}")

set(CRM_IMGUI_DIR "${CMAKE_SOURCE_DIR}/.deps/imgui" CACHE PATH "Dear ImGui source (Debian source package)")
if(NOT EXISTS "${CRM_IMGUI_DIR}/imgui.cpp")
  message(FATAL_ERROR "Dear ImGui source not found in ${CRM_IMGUI_DIR}: run scripts/install_deps.sh")
endif()
add_library(imgui STATIC
  ${CRM_IMGUI_DIR}/imgui.cpp ${CRM_IMGUI_DIR}/imgui_draw.cpp ${CRM_IMGUI_DIR}/imgui_tables.cpp
  ${CRM_IMGUI_DIR}/imgui_widgets.cpp ${CRM_IMGUI_DIR}/imgui_demo.cpp
  ${CRM_IMGUI_DIR}/misc/cpp/imgui_stdlib.cpp)
target_include_directories(imgui SYSTEM PUBLIC ${CRM_IMGUI_DIR} ${CRM_IMGUI_DIR}/misc/cpp)
target_compile_definitions(imgui PUBLIC IMGUI_DISABLE_OBSOLETE_FUNCTIONS)
target_compile_options(imgui PRIVATE -w)  # third-party code: its warnings are not ours to fix
