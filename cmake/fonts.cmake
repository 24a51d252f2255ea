# The UI fonts come from Debian packages (fonts-dejavu-core, fonts-droid-fallback), never from the repository:
# the web app preloads them, the shell tests read them.
set(CRM_LATIN_FONT /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf CACHE FILEPATH "Latin UI font")
set(CRM_CJK_FONT /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf CACHE FILEPATH "CJK UI font")
foreach(font ${CRM_LATIN_FONT} ${CRM_CJK_FONT})
  if(NOT EXISTS ${font})
    message(FATAL_ERROR "${font} is missing: run scripts/install_deps.sh")
  endif()
endforeach()
