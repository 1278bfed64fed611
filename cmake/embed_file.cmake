# embed_file.cmake: writes a C source defining `const char SYMBOL[]` as the bytes of INPUT plus a
# final NUL, so that a page's script and style stay readable files yet ship inside the binary.
# Usage: cmake -DINPUT=report/assets/flame.js -DSYMBOL=pa_flame_js -DOUTPUT=x.c -P embed_file.cmake
foreach(var INPUT SYMBOL OUTPUT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "embed_file.cmake: ${var} is not set")
  endif()
endforeach()
file(READ "${INPUT}" hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" bytes
  "${bytes}")
get_filename_component(name "${INPUT}" NAME)
file(WRITE "${OUTPUT}"
  "/* Generated from ${name} by cmake/embed_file.cmake: do not edit. */\n"
  "const char ${SYMBOL}[] = {\n${bytes}0x00};\n")
