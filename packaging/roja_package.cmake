# Install layout and the Debian package (CPack DEB). `cpack -G DEB` in the build directory makes
# roja_<version>-1_<arch>.deb; `make package-test` builds, lints and installs it in a throw-away
# root (packaging/README.md). Paths follow Debian 12: the unit in /lib/systemd/system, binaries
# in /usr/sbin and /usr/bin (the package's prefix is /usr).
set(ROJA_PACKAGING_DIR ${PROJECT_SOURCE_DIR}/packaging)
set(ROJA_MAN_BUILD_DIR ${PROJECT_BINARY_DIR}/man)

# --- man pages: rojad.8, rojactl.8 and rojahub.8 are written by hand; roja.yaml.5 is generated from
# docs/configuration.md so that it lists every key the document does. All gzip -9n (lintian).
set(ROJA_MAN_PAGES)
foreach(page rojad.8 rojactl.8 rojahub.8)
    add_custom_command(OUTPUT ${ROJA_MAN_BUILD_DIR}/${page}.gz
        COMMAND ${CMAKE_COMMAND} -E copy ${ROJA_PACKAGING_DIR}/man/${page} ${ROJA_MAN_BUILD_DIR}/${page}
        COMMAND gzip -9nf ${ROJA_MAN_BUILD_DIR}/${page}
        DEPENDS ${ROJA_PACKAGING_DIR}/man/${page} VERBATIM)
    list(APPEND ROJA_MAN_PAGES ${ROJA_MAN_BUILD_DIR}/${page}.gz)
endforeach()
add_custom_command(OUTPUT ${ROJA_MAN_BUILD_DIR}/roja.yaml.5.gz
    COMMAND /usr/bin/python3 ${ROJA_PACKAGING_DIR}/man/md2man.py ${PROJECT_SOURCE_DIR}/docs/configuration.md
            ${PROJECT_VERSION} ${ROJA_MAN_BUILD_DIR}/roja.yaml.5
    COMMAND gzip -9nf ${ROJA_MAN_BUILD_DIR}/roja.yaml.5
    DEPENDS ${ROJA_PACKAGING_DIR}/man/md2man.py ${PROJECT_SOURCE_DIR}/docs/configuration.md VERBATIM)
add_custom_command(OUTPUT ${ROJA_MAN_BUILD_DIR}/changelog.Debian.gz
    COMMAND ${CMAKE_COMMAND} -E copy ${ROJA_PACKAGING_DIR}/debian/changelog ${ROJA_MAN_BUILD_DIR}/changelog.Debian
    COMMAND gzip -9nf ${ROJA_MAN_BUILD_DIR}/changelog.Debian
    DEPENDS ${ROJA_PACKAGING_DIR}/debian/changelog VERBATIM)
add_custom_target(roja_package_files ALL DEPENDS ${ROJA_MAN_PAGES} ${ROJA_MAN_BUILD_DIR}/roja.yaml.5.gz
                                                 ${ROJA_MAN_BUILD_DIR}/changelog.Debian.gz)

# --- install rules
install(TARGETS rojad DESTINATION sbin)
install(TARGETS rojactl DESTINATION bin)
install(TARGETS rojahub DESTINATION sbin)
install(FILES ${ROJA_MAN_BUILD_DIR}/rojad.8.gz ${ROJA_MAN_BUILD_DIR}/rojactl.8.gz
              ${ROJA_MAN_BUILD_DIR}/rojahub.8.gz DESTINATION share/man/man8)
install(FILES ${ROJA_MAN_BUILD_DIR}/roja.yaml.5.gz DESTINATION share/man/man5)
install(FILES ${PROJECT_SOURCE_DIR}/systemd/rojad.service ${PROJECT_SOURCE_DIR}/systemd/rojahub.service
        DESTINATION /lib/systemd/system)
install(FILES ${PROJECT_SOURCE_DIR}/systemd/roja.sysusers DESTINATION lib/sysusers.d RENAME roja.conf)
install(FILES ${PROJECT_SOURCE_DIR}/systemd/roja.tmpfiles DESTINATION lib/tmpfiles.d RENAME roja.conf)
install(FILES ${ROJA_PACKAGING_DIR}/roja.yaml DESTINATION /etc/roja)
install(FILES ${PROJECT_SOURCE_DIR}/config/examples/example-list.txt DESTINATION share/roja)
install(FILES ${PROJECT_SOURCE_DIR}/config/examples/minimal.yaml ${PROJECT_SOURCE_DIR}/config/examples/isp.yaml
              ${PROJECT_SOURCE_DIR}/config/examples/school.yaml ${PROJECT_SOURCE_DIR}/config/examples/example-list.txt
        DESTINATION share/doc/roja/examples)
# rojahub's example: its own directory, since every examples/*.yaml is a roja.yaml.
install(FILES ${PROJECT_SOURCE_DIR}/config/examples/hub/hub.yaml DESTINATION share/doc/roja/examples/hub)
install(FILES ${ROJA_PACKAGING_DIR}/debian/lintian-overrides DESTINATION share/lintian/overrides RENAME roja)
install(FILES ${PROJECT_SOURCE_DIR}/docs/configuration.md ${PROJECT_SOURCE_DIR}/docs/operations.md
              ${PROJECT_SOURCE_DIR}/docs/hub.md
              ${ROJA_PACKAGING_DIR}/debian/copyright ${ROJA_MAN_BUILD_DIR}/changelog.Debian.gz
        DESTINATION share/doc/roja)

# --- the .deb
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME roja)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_CONTACT "Roja maintainers <maintainers@users.noreply.r-seed-5fa2d983.example>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "DNS blocking filter for legal orders and local policy")
# CPack puts the summary first and indents these lines; an empty line becomes " .".
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "rojad is a caching, filtering DNS resolver proxy for ISPs and schools. It
enforces the blocking orders of authorities and the operator's own lists,
answers blocked names with a warning page's address and an Extended DNS
Error naming the authority and decision, and forwards everything else.

rojactl checks block lists and builds, signs and verifies signed feeds.
rojahub, for regulators, polls many rojad nodes into one compliance record.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# systemd-sysusers makes the roja user (as dh_installsysusers does); deb-systemd-helper the rest.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "systemd | systemd-standalone-sysusers | systemd-sysusers, init-system-helpers (>= 1.54~)")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "knot-dnsutils")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${ROJA_PACKAGING_DIR}/debian/conffiles ${ROJA_PACKAGING_DIR}/debian/postinst
    ${ROJA_PACKAGING_DIR}/debian/prerm ${ROJA_PACKAGING_DIR}/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
