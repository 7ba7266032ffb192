# All third-party dependencies, from Debian 12 packages (scripts/install-deps.sh).
find_package(Qt6 6.4 REQUIRED COMPONENTS Core Network WebSockets HttpServer Sql Concurrent Test LinguistTools)
if(SPK_BUILD_CONSOLE)
  find_package(Qt6 6.4 REQUIRED COMPONENTS Widgets Multimedia Charts LinguistTools)
endif()
find_package(PahoMqttCpp REQUIRED)          # PahoMqttCpp::paho-mqttpp3
find_package(cpp-jwt CONFIG REQUIRED)       # cpp-jwt::cpp-jwt
find_package(yaml-cpp REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)

pkg_check_modules(OPUS REQUIRED IMPORTED_TARGET opus)
pkg_check_modules(OPUSFILE REQUIRED IMPORTED_TARGET opusfile)
pkg_check_modules(OPUSENC REQUIRED IMPORTED_TARGET libopusenc)
pkg_check_modules(OGG REQUIRED IMPORTED_TARGET ogg)
pkg_check_modules(SPEEXDSP REQUIRED IMPORTED_TARGET speexdsp)
pkg_check_modules(ESPEAKNG REQUIRED IMPORTED_TARGET espeak-ng)
pkg_check_modules(HIREDIS REQUIRED IMPORTED_TARGET hiredis)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
pkg_check_modules(CJSON REQUIRED IMPORTED_TARGET libcjson)

# Debian's libhttp-parser-dev (http-parser 2.9) has no pkg-config file: the HTTP front's request parser.
find_path(HTTP_PARSER_INCLUDE_DIR http_parser.h REQUIRED)
find_library(HTTP_PARSER_LIB http_parser REQUIRED)
add_library(spk_http_parser INTERFACE)
target_include_directories(spk_http_parser INTERFACE ${HTTP_PARSER_INCLUDE_DIR})
target_link_libraries(spk_http_parser INTERFACE ${HTTP_PARSER_LIB})
add_library(spk::http_parser ALIAS spk_http_parser)

# pocketsphinx's pkg-config names an include dir that does not exist on Debian 12
# (/usr/include/sphinxbase); build our own interface target with the real paths.
find_library(POCKETSPHINX_LIB pocketsphinx REQUIRED)
find_library(SPHINXBASE_LIB sphinxbase REQUIRED)
add_library(spk_pocketsphinx INTERFACE)
target_include_directories(spk_pocketsphinx INTERFACE
  /usr/include/pocketsphinx /usr/include/x86_64-linux-gnu/sphinxbase /usr/include/sphinxbase)
target_link_libraries(spk_pocketsphinx INTERFACE ${POCKETSPHINX_LIB} ${SPHINXBASE_LIB})
add_library(spk::pocketsphinx ALIAS spk_pocketsphinx)
