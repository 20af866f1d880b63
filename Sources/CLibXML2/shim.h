// libxml2's push parser and SAX2 callbacks, for reading osinfo-db without FoundationXML's per-event objects
// (Debian: libxml2-dev; pkg-config libxml-2.0 gives the include directory).
#ifndef GUEST_TIERS_LIBXML2_SHIM_H
#define GUEST_TIERS_LIBXML2_SHIM_H
#include <libxml/xmlversion.h>
// Debian's libxml2 is built with ICU, whose headers then come in through <libxml/encoding.h> and clash with
// Foundation's own copy of ICU in a Swift module that imports both. guest-tiers uses none of the ICU-dependent
// declarations (only pointers to the encoding handler, never its fields), so they stay out.
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/entities.h>
#include <libxml/xmlerror.h>
#endif
