import Foundation
import CLibXML2

/// What a SAX reader sees: element starts and ends, text, and errors with the line they were reported on.
protocol XMLEventHandler: AnyObject {
    /// `attribute(qname)`: the attribute's value as written (entities resolved), the last one if repeated.
    func start(_ name: String, attribute: (String) -> String?)
    func end(_ name: String)
    func characters(_ text: String)
    /// Whether `characters` would use the text now (most text in osinfo-db is indentation between elements:
    /// not making a String of it saves a tenth of the parse).
    var wantsCharacters: Bool { get }
    /// `message`: libxml2's own words for it (its first line, as libxml2 wrote it; untrusted, not yet sanitised).
    func error(line: Int, code: Int, message: String)
    /// Set by the handler to stop the parse (as FoundationXML's abortParsing).
    var stopRequested: Bool { get }
}

/// osinfo-db's XML read with libxml2's push parser directly. FoundationXML's XMLParser (which guest-tiers used
/// before) drives the same parser, the same way: the push context made from the first four bytes, then one
/// chunk; options RECOVER | NOENT; the same SAX2 callbacks (no DTD entity declarations, no document, CDATA and
/// comments ignored); every error through the structured error function, with the parser's line at that
/// moment. So files parse, and fail, exactly as before — without an NSObject delegate, a dictionary of
/// attributes and a String per event, which were most of the import's time.
enum XMLReader {
    /// The parse result: whether libxml2 reported success, and its line number and result code at the end.
    struct Result {
        var succeeded: Bool
        var endLine: Int
        var resultCode: Int
    }

    /// libxml2 must be initialised once before parsing on several threads.
    private static let initialised: Bool = {
        xmlInitParser()
        return true
    }()

    /// Runs one document through `handler`. Fewer than four bytes never start a parse (FoundationXML waits for
    /// four bytes to detect the encoding): success, no events.
    static func parse(_ bytes: [UInt8], handler: XMLEventHandler) -> Result {
        _ = initialised
        guard bytes.count >= 4 else { return Result(succeeded: true, endLine: 0, resultCode: 0) }
        let session = Session(handler: handler)
        let user = Unmanaged.passUnretained(session).toOpaque()
        var sax = xmlSAXHandler()
        sax.initialized = UInt32(XML_SAX2_MAGIC)
        sax.startElementNs = { user, localname, prefix, _, namespaceCount, namespaces, attributeCount, _, attributes in
            Session.from(user).startElement(localname, prefix, Int(namespaceCount), namespaces, Int(attributeCount), attributes)
        }
        sax.endElementNs = { user, localname, prefix, _ in
            Session.from(user).endElement(localname, prefix)
        }
        sax.characters = { user, text, length in
            guard let text, length > 0 else { return }
            let handler = Session.from(user).handler
            guard handler.wantsCharacters else { return }
            handler.characters(String(decoding: UnsafeBufferPointer(start: text, count: Int(length)), as: UTF8.self))
        }
        // Only the predefined entities (&amp; …): entity declarations are not recorded, so nothing external loads.
        sax.getEntity = { _, name in xmlGetPredefinedEntity(name) }
        // Set, so that libxml2 does not hand CDATA to `characters`; FoundationXML's delegate ignored it.
        sax.cdataBlock = { _, _, _ in }

        xmlSetStructuredErrorFunc(user) { user, error in
            guard let user, let error else { return }
            Session.from(user).reportError(Int(error.pointee.code), message: error.pointee.message)
        }
        defer { xmlSetStructuredErrorFunc(nil, nil) }

        let context: xmlParserCtxtPtr? = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: 4) { head in
                xmlCreatePushParserCtxt(&sax, user, head, 4, nil)
            }
        }
        guard let context else { return Result(succeeded: false, endLine: 0, resultCode: Int(XML_ERR_NO_MEMORY.rawValue)) }
        defer { xmlFreeParserCtxt(context) }
        session.context = context
        _ = xmlCtxtUseOptions(context, Int32(XML_PARSE_RECOVER.rawValue | XML_PARSE_NOENT.rawValue))
        let code = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { start in
                xmlParseChunk(context, start + 4, Int32(buffer.count - 4), 1)
            }
        }
        return Result(succeeded: code == 0, endLine: Int(xmlSAX2GetLineNumber(context)), resultCode: Int(code))
    }

    /// The handler and the parser context for the callbacks (C function pointers cannot capture).
    private final class Session {
        let handler: XMLEventHandler
        var context: xmlParserCtxtPtr?

        init(handler: XMLEventHandler) { self.handler = handler }

        static func from(_ pointer: UnsafeMutableRawPointer?) -> Session {
            Unmanaged<Session>.fromOpaque(pointer!).takeUnretainedValue()
        }

        /// The line FoundationXML's `lineNumber` gave: the parser's current line (0 before the context exists).
        var line: Int { context.map { Int(xmlSAX2GetLineNumber($0)) } ?? 0 }

        func reportError(_ code: Int, message: UnsafeMutablePointer<CChar>?) {
            // libxml2 ends its messages with a newline and sometimes adds a second line ("Bytes: 0xFF 0xFE").
            let text = message.map { String(decoding: UnsafeRawBufferPointer(start: $0, count: strnlen($0, 400)), as: UTF8.self) } ?? ""
            let first = text.split(whereSeparator: \.isNewline).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            handler.error(line: line, code: code, message: first)
        }

        static func name(_ local: UnsafePointer<xmlChar>?, _ prefix: UnsafePointer<xmlChar>?) -> String {
            let localName = local.map { String(cString: $0) } ?? ""
            guard let prefix else { return localName }
            return String(cString: prefix) + ":" + localName
        }

        func startElement(_ local: UnsafePointer<xmlChar>?, _ prefix: UnsafePointer<xmlChar>?,
                          _ namespaceCount: Int, _ namespaces: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?,
                          _ attributeCount: Int, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
            handler.start(Session.name(local, prefix)) { wanted in
                // Namespace declarations count as attributes (xmlns, xmlns:p) when namespaces are not processed.
                var found: String?
                for i in stride(from: 0, to: namespaceCount * 2, by: 2) {
                    let qname = namespaces?[i].map { "xmlns:" + String(cString: $0) } ?? "xmlns"
                    if qname == wanted { found = namespaces?[i + 1].map { String(cString: $0) } ?? "" }
                }
                // Five pointers per attribute: local name, prefix, URI, value start, value end.
                for i in stride(from: 0, to: attributeCount * 5, by: 5) {
                    guard let attributes, let localName = attributes[i] else { continue }
                    guard Session.matches(wanted, localName, attributes[i + 1]) else { continue }
                    guard let value = attributes[i + 3], let end = attributes[i + 4] else { continue }
                    found = String(decoding: UnsafeBufferPointer(start: value, count: max(0, end - value)), as: UTF8.self)
                }
                return found
            }
            if handler.stopRequested, let context { xmlStopParser(context) }
        }

        /// Whether `prefix:local` (or `local`) is `wanted`, without making a String of every attribute.
        static func matches(_ wanted: String, _ local: UnsafePointer<xmlChar>, _ prefix: UnsafePointer<xmlChar>?) -> Bool {
            var expected = wanted.utf8[...]
            if let prefix, prefix.pointee != 0 {
                var p = prefix
                while p.pointee != 0 {
                    guard expected.first == p.pointee else { return false }
                    expected = expected.dropFirst()
                    p += 1
                }
                guard expected.first == UInt8(ascii: ":") else { return false }
                expected = expected.dropFirst()
            }
            var l = local
            while l.pointee != 0 {
                guard expected.first == l.pointee else { return false }
                expected = expected.dropFirst()
                l += 1
            }
            return expected.isEmpty
        }

        func endElement(_ local: UnsafePointer<xmlChar>?, _ prefix: UnsafePointer<xmlChar>?) {
            handler.end(Session.name(local, prefix))
        }
    }
}
