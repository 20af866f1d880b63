import CatalogLoader
import Foundation
import TierEngine
import TierView
import XCTest
import TestSupport

enum Corpus {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Every YAML file of a catalog directory, as relative path → text.
    static func files(_ directory: URL) -> [String: String] {
        var out: [String: String] = [:]
        let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            guard url.pathExtension == "yaml", let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            out[String(url.path.dropFirst(directory.path.count + 1))] = text
        }
        return out
    }

    static var bundled: [String: String] { files(repoRoot.appendingPathComponent("Catalog")) }
    static var minimal: [String: String] { files(repoRoot.appendingPathComponent("Tests/CatalogLoaderTests/Fixtures/minimal")) }
}

/// What must never reach a terminal or an export raw: C0 (but newline), DEL, C1, bidi controls (U+061C too),
/// zero-width and invisible format characters, line and paragraph separators, interlinear annotations, tags.
/// Written out here, not taken from SafeText, so that a test checks the sanitiser against an independent list.
func forbiddenScalars(in text: String, allowing allowed: Set<Unicode.Scalar> = ["\n"]) -> [Unicode.Scalar] {
    text.unicodeScalars.filter { scalar in
        if allowed.contains(scalar) { return false }
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x200B...0x200F, 0x2028...0x202E, 0x2060...0x206F, 0xFEFF: return true
        case 0x061C, 0x180E, 0xFFF9...0xFFFB, 0xE0000...0xE007F: return true   // ALM, MVS, annotations, tags
        default: return false
        }
    }
}

/// The ANSI export with our own SGR sequences removed: what is left must be clean.
func strippingOwnSGR(_ ansi: String) -> String {
    var out = ""
    var scalars = Array(ansi.unicodeScalars)[...]
    while let first = scalars.first {
        if first == "\u{1B}", scalars.count > 1, scalars[scalars.startIndex + 1] == "[" {
            var index = scalars.startIndex + 2
            while index < scalars.endIndex, ("0"..."9").contains(scalars[index]) || scalars[index] == ";" { index += 1 }
            if index < scalars.endIndex, scalars[index] == "m" {
                scalars = scalars[(index + 1)...]
                continue
            }
        }
        out.unicodeScalars.append(first)
        scalars = scalars.dropFirst()
    }
    return out
}
