# guest-tiers: build, install and uninstall as packagers expect.
#
#   make install                      # release build, then everything under /usr/local
#   make install PREFIX=$HOME/.local  # or any prefix; DESTDIR=/tmp/stage for a package's staging root
#   make uninstall                    # removes exactly what install put there (its install-manifest)
#   make man                          # regenerates Sources/Manual/pages from the argument parser's help (commit them)
#
# BINARY=path installs an already built binary instead of building one (the tests use the debug build).

PREFIX ?= /usr/local
DESTDIR ?=
CONFIG ?= release
SWIFT ?= swift
# A release binary carries the Swift runtime and Foundation (static): it runs without the toolchain's libraries,
# and a short command such as explain starts a quarter faster (BENCHMARKS.md). STATIC= builds a dynamic one.
STATIC ?= $(if $(filter release,$(CONFIG)),--static-swift-stdlib,)
BUILT := .build/$(CONFIG)/guest-tiers
BINARY ?= $(BUILT)
# The manual's date goes with VersionInfo.program (Sources/guest-tiers/Version.swift).
MANUAL_DATE ?= 2026-12-01
# The pages depend only on the parser's help, the same in a debug build, which is much quicker to make.
MAN_CONFIG ?= debug

.PHONY: all build install uninstall man

all: build

build:
ifeq ($(BINARY),$(BUILT))
	$(SWIFT) build -c $(CONFIG) $(STATIC) --product guest-tiers
endif

install: build
	Sources/Packaging/install install "$(BINARY)" "$(PREFIX)" "$(DESTDIR)"

uninstall:
	Sources/Packaging/install uninstall "$(PREFIX)" "$(DESTDIR)"

# The argument parser's own manual generator (swift-argument-parser's GenerateManual plugin, offline: it only
# builds the package), one page per command, then the hand-written sections (Sources/Manual/guest-tiers.mdoc) merged in.
man:
	$(SWIFT) package plugin generate-manual --configuration $(MAN_CONFIG) --multi-page --date $(MANUAL_DATE)
	Sources/Manual/assemble .build/plugins/GenerateManual/outputs/guest-tiers .build/$(MAN_CONFIG)/guest-tiers Sources/Manual/pages
