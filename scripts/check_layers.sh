#!/usr/bin/env bash
# Fails if core/ or shell/ contain platform code (emscripten, EM_ASM, EM_JS), or if core/ includes ImGui,
# shell/ or web/ (DESIGN.md section 2: only web/ talks to the browser; core/ is plain C++; dependencies
# point down only).
cd "$(dirname "$0")/.." || exit 1
status=0
if hits=$(grep -R -n -E 'emscripten|EM_ASM|EM_JS' core shell); then
  echo "platform code in core/ or shell/:"; echo "$hits"; status=1
fi
if hits=$(grep -R -n -E '#\s*include\s*[<"]imgui' core); then
  echo "core/ includes ImGui:"; echo "$hits"; status=1
fi
if hits=$(grep -R -n -E '#\s*include\s*[<"](shell|web)/' core); then
  echo "core/ includes shell/ or web/:"; echo "$hits"; status=1
fi
[ $status -eq 0 ] && echo "layering ok"
exit $status
