# Run after each app build (cmake -P): the build version is a hash of the app's files; it goes into
# version.json and into sw.js (so browsers see a changed service worker and fetch the new version).
# Inputs: APP_DIR, SW_TEMPLATE.
set(files index.html boot.js crm.js crm.wasm crm.data fonts/latin.ttf fonts/cjk.ttf manifest.webmanifest icon.svg icon-192.png
  icon-512.png)
set(all "")
foreach(f ${files})
  if(NOT EXISTS ${APP_DIR}/${f})
    message(FATAL_ERROR "${APP_DIR}/${f} is missing")
  endif()
  file(SHA256 ${APP_DIR}/${f} h)
  string(APPEND all "${f}:${h}\n")
endforeach()
string(SHA256 version "${all}")
string(SUBSTRING ${version} 0 16 CRM_VERSION)
file(WRITE ${APP_DIR}/version.json "{\"version\": \"${CRM_VERSION}\"}\n")
configure_file(${SW_TEMPLATE} ${APP_DIR}/sw.js @ONLY)
message(STATUS "app version ${CRM_VERSION}")
