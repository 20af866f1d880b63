import Foundation
import TierEngine

/// A problem with one osinfo-db file: the file is skipped (or the value ignored), the rest loads.
public struct OsinfoWarning: Hashable, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String

    /// Sanitised here: the path and the message may quote a hostile file name or file content.
    public init(path: String, message: String) {
        self.path = SafeText.sanitize(path)
        self.message = SafeText.sanitize(message)
    }

    public var description: String { "\(path): \(message)" }
}

/// The whole import failed: the directory is not an osinfo-db directory.
public struct OsinfoError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// A device an OS entry lists, as `<devices><device id="…" supported="false"/></devices>`.
public struct OsinfoDeviceLink: Hashable, Sendable {
    public var id: String
    public var supported: Bool
}

/// `<firmware arch="x86_64" type="efi" supported="false"/>`.
public struct OsinfoFirmware: Hashable, Sendable {
    public var arch: String
    public var type: String
    public var supported: Bool
}

/// One `<os>` element as written (nothing inherited yet).
public struct OsinfoEntry: Sendable {
    /// The entity id, a URI (`http://redhat.com/rhel/6.10`).
    public var id: String
    /// Every `<short-id>`, the first being the one libosinfo reports.
    public var shortIDs: [String] = []
    public var name: String?
    public var vendor: String?
    public var family: String?
    public var distro: String?
    public var version: String?
    public var releaseDate: Day?
    public var eolDate: Day?
    public var releaseStatus: String?
    public var derivesFrom: [String] = []
    public var upgrades: [String] = []
    public var clones: [String] = []
    public var devices: [OsinfoDeviceLink] = []
    public var firmware: [OsinfoFirmware] = []
    /// Architectures named by `<media>`, `<tree>`, `<image>` and `<resources>` (not `all`), osinfo's spelling.
    public var arches: [String] = []
    /// The defining file, relative to the osinfo-db directory (`os/redhat.com/rhel-6.10.xml`).
    public var file: String
    /// Files under `<name>.d/` that add to this entry.
    public var supplements: [String] = []

    public init(id: String, file: String) {
        self.id = id
        self.file = file
    }

    /// The short-id libosinfo reports (the first), or the URI when there is none.
    public var shortID: String { shortIDs.first ?? id }
}

/// osinfo-db read from a directory (`/usr/share/osinfo`): every `os/<vendor>/<os>.xml` and `<os>.d/*.xml`,
/// each parsed once; inheritance (`derives-from`, `clones`) is resolved on demand and memoised.
///
/// Sendable for real: everything is immutable after `init` except the memo tables, which live behind a lock.
public final class OsinfoDatabase: @unchecked Sendable {
    public static let defaultDirectory = "/usr/share/osinfo"

    public let directory: String
    /// `VERSION` in the directory, else the Debian package's version, else "unknown version".
    public let version: String
    public let entries: [OsinfoEntry]
    public let warnings: [OsinfoWarning]
    private let indexByID: [String: Int]
    private let indexByShortID: [String: Int]
    /// Each entry's parents (see `parents`) with the links that close a cycle left out: the inheritance graph
    /// as a DAG, so that every walk over it ends and every result can be memoised.
    private let acyclicParents: [[Int]]

    // Memoised resolution, filled lazily, behind `lock` (the database may be shared between threads).
    private let lock = NSLock()
    private var closureLinks: [Int: [String: NearestLink]] = [:]
    private var firmwareFirsts: [Int: [FirmwareFirst]] = [:]
    private var archCache: [Int: (distance: Int, arch: [String])] = [:]
    private var unsupportedCache: [Int: Set<String>] = [:]
    private var capabilityCache: [Int: OsinfoCapabilities] = [:]

    public init(directory: String, version: String, entries: [OsinfoEntry], warnings: [OsinfoWarning]) {
        self.directory = directory
        self.version = version
        self.entries = entries
        var byID: [String: Int] = [:]
        var byShort: [String: Int] = [:]
        for (index, entry) in entries.enumerated() {
            byID[entry.id] = index
            for short in entry.shortIDs where byShort[short] == nil { byShort[short] = index }
        }
        indexByID = byID
        indexByShortID = byShort
        let direct = entries.map { entry in (entry.derivesFrom.reversed() + entry.clones.reversed()).compactMap { byID[$0] } }
        let (dag, cycles) = OsinfoDatabase.breakCycles(direct, entries)
        acyclicParents = dag
        self.warnings = warnings + cycles
    }

    /// Depth-first over every entry (iteratively: a 20,000-entry chain must not overflow the stack); a link to an
    /// entry still on the current path closes a cycle: it is dropped and reported once, naming the cycle.
    static func breakCycles(_ parents: [[Int]], _ entries: [OsinfoEntry]) -> ([[Int]], [OsinfoWarning]) {
        enum Mark { case new, onPath, done }
        var marks = Array(repeating: Mark.new, count: parents.count)
        var dag = parents
        var warnings: [OsinfoWarning] = []
        for root in parents.indices where marks[root] == .new {
            var path: [(node: Int, next: Int)] = [(root, 0)]
            marks[root] = .onPath
            while let (node, next) = path.last {
                guard next < parents[node].count else {
                    marks[node] = .done
                    path.removeLast()
                    continue
                }
                path[path.count - 1].next += 1
                let parent = parents[node][next]
                switch marks[parent] {
                case .new:
                    marks[parent] = .onPath
                    path.append((parent, 0))
                case .onPath:
                    dag[node].removeAll { $0 == parent }
                    let start = path.firstIndex { $0.node == parent } ?? 0
                    let ring = path[start...].map { entries[$0.node].shortID } + [entries[parent].shortID]
                    let shown = ring.count > 8 ? ring.prefix(4) + ["…"] + ring.suffix(3) : ArraySlice(ring)
                    warnings.append(OsinfoWarning(path: entries[node].file, message:
                        "derives-from/clones cycle (\(ring.count - 1) entries: \(shown.joined(separator: " → "))); the link from \(entries[node].shortID) to \(entries[parent].shortID) is ignored"))
                case .done:
                    break
                }
            }
        }
        return (dag, warnings)
    }

    /// Runs `body` with the memo tables locked.
    private func memo<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }

    /// Every entry reachable from `index` (itself included) in post-order, parents before children, skipping
    /// those `isDone` says are memoised: the order in which to fill a memo table bottom-up without recursion.
    private func postOrder(from index: Int, isDone: (Int) -> Bool) -> [Int] {
        var order: [Int] = []
        var seen: Set<Int> = []
        var stack: [(node: Int, expanded: Bool)] = [(index, false)]
        while let (node, expanded) = stack.popLast() {
            if expanded { order.append(node); continue }
            guard !isDone(node), seen.insert(node).inserted else { continue }
            stack.append((node, true))
            for parent in acyclicParents[node].reversed() where !isDone(parent) && !seen.contains(parent) {
                stack.append((parent, false))
            }
        }
        return order
    }

    public func index(ofID id: String) -> Int? { indexByID[id] }
    public func index(ofShortID shortID: String) -> Int? { indexByShortID[shortID] }
    public func entry(shortID: String) -> OsinfoEntry? { indexByShortID[shortID].map { entries[$0] } }

    /// "osinfo-db 20221203, os/redhat.com/rhel-6.10.xml"
    public func source(_ index: Int) -> String { "osinfo-db \(version), \(entries[index].file)" }

    // MARK: loading

    /// Reads every OS entry under `directory/os`. A file that cannot be read or parsed gives one warning and is
    /// skipped; the directory itself missing is an error.
    public static func load(directory: String = OsinfoDatabase.defaultDirectory) throws -> OsinfoDatabase {
        let fm = FileManager.default
        let osDirectory = (directory as NSString).appendingPathComponent("os")
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw OsinfoError(message: "\(directory): no such osinfo-db directory")
        }
        guard fm.fileExists(atPath: osDirectory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw OsinfoError(message: "\(directory): not an osinfo-db directory (no os/ inside)")
        }
        var main: [String] = []          // relative paths
        var supplements: [String] = []
        for vendor in ((try? fm.contentsOfDirectory(atPath: osDirectory)) ?? []).sorted() {
            let vendorPath = (osDirectory as NSString).appendingPathComponent(vendor)
            guard fm.fileExists(atPath: vendorPath, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
            for name in ((try? fm.contentsOfDirectory(atPath: vendorPath)) ?? []).sorted() {
                if name.hasSuffix(".xml") {
                    main.append("os/\(vendor)/\(name)")
                } else if name.hasSuffix(".d") {
                    let dPath = (vendorPath as NSString).appendingPathComponent(name)
                    for file in ((try? fm.contentsOfDirectory(atPath: dPath)) ?? []).sorted() where file.hasSuffix(".xml") {
                        supplements.append("os/\(vendor)/\(name)/\(file)")
                    }
                }
            }
        }
        var entries: [OsinfoEntry] = []
        var warnings: [OsinfoWarning] = []
        var byID: [String: Int] = [:]
        let files = main.map { ($0, false) } + supplements.map { ($0, true) }
        // Files are independent: parse them on every core, then merge in order (deterministic).
        let results = ParsedFiles(count: files.count)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var index = worker
            while index < files.count {
                let relative = files[index].0
                results.set(index, parseFile(path: (directory as NSString).appendingPathComponent(relative), relative: relative))
                index += workers
            }
        }
        for (position, (_, isSupplement)) in files.enumerated() {
            let parsed = results.get(position)
            if let warning = parsed.warning { warnings.append(warning) }
            for entry in parsed.entries {
                if let existing = byID[entry.id] {
                    entries[existing].merge(entry, supplement: isSupplement)
                } else if isSupplement {
                    // A supplement for an entry no main file defines still defines it.
                    byID[entry.id] = entries.count
                    entries.append(entry)
                } else {
                    byID[entry.id] = entries.count
                    entries.append(entry)
                }
            }
        }
        return OsinfoDatabase(directory: directory, version: readVersion(directory), entries: entries, warnings: warnings)
    }

    static func readVersion(_ directory: String) -> String {
        DataVersion.read(directory: directory, defaultDirectory: defaultDirectory, debianPackage: "osinfo-db")
    }

    /// Parses one file; on failure, no entries and a warning.
    static func parseFile(path: String, relative: String) -> (entries: [OsinfoEntry], warning: OsinfoWarning?) {
        guard let data = FileManager.default.contents(atPath: path) else {
            return ([], OsinfoWarning(path: path, message: "cannot be read; skipped"))
        }
        return parse(data: data, path: path, relative: relative)
    }

    public static func parse(data: Data, path: String, relative: String) -> (entries: [OsinfoEntry], warning: OsinfoWarning?) {
        let handler = EntryParser(relative: relative)
        let result = XMLReader.parse(Array(data), handler: handler)
        if let problem = handler.problem {
            return ([], OsinfoWarning(path: path, message: "\(problem); skipped"))
        }
        // libxml2 recovers from some errors and still reports success: any error reported counts.
        if !result.succeeded || handler.firstError != nil {
            var (line, code, message) = handler.firstError ?? (result.endLine, result.resultCode, "")
            // libxml2's push parser names a file that stops inside an element "Extra content at the end of the
            // document" (XML_ERR_DOCUMENT_END, as for content after the root): say which it is.
            if code == 5, handler.openElements > 0 {   // 5: XML_ERR_DOCUMENT_END
                message = "premature end of the document (\(handler.openElements) element\(handler.openElements == 1 ? "" : "s") not closed)"
            }
            return ([], OsinfoWarning(path: path, message: "malformed XML at line \(line): \(describe(code, message)); skipped"))
        }
        if !handler.sawRoot {
            return ([], OsinfoWarning(path: path, message: "is empty (no <libosinfo> element); skipped"))
        }
        var warning: OsinfoWarning?
        if !handler.notes.isEmpty {
            warning = OsinfoWarning(path: path, message: handler.notes.joined(separator: "; "))
        }
        return (handler.entries, warning)
    }

    /// What is wrong, in libxml2's own words ("Opening and ending tag mismatch: os line 1 and libosinfo"), and
    /// its error code (xmlParserErrors) for a search; the words at most 120 characters (they quote the file).
    /// A failure libxml2 gave no message for is named by its code alone.
    static func describe(_ code: Int, _ message: String) -> String {
        let words = message.count > 120 ? String(message.prefix(119)) + "…" : message
        return words.isEmpty ? "libxml2 error \(code), without a message" : "\(words) (libxml2 error \(code))"
    }

    // MARK: resolution (libosinfo's: self, then derives-from, then clones, depth first)

    /// The entries `index` inherits from directly, in libosinfo's order (it prepends links, so the last
    /// written comes first; derives-from before clones), without links that close a cycle.
    func parents(_ index: Int) -> [Int] { acyclicParents[index] }

    struct NearestLink {
        var owner: Int
        var supported: Bool
    }

    /// Every device id listed anywhere in the inheritance closure → the nearest link to it (self first, then
    /// derives-from and clones depth first: libosinfo unions link lists by device id and keeps the first).
    /// Memoised per entry, filled bottom-up: linear in the graph (times the devices), diamonds and long chains
    /// included.
    private func closure(_ index: Int) -> [String: NearestLink] {
        memo {
            for node in postOrder(from: index, isDone: { closureLinks[$0] != nil }) {
                var result: [String: NearestLink] = [:]
                for link in entries[node].devices where result[link.id] == nil {
                    result[link.id] = NearestLink(owner: node, supported: link.supported)
                }
                for parent in acyclicParents[node] {
                    for (device, link) in closureLinks[parent]! where result[device] == nil { result[device] = link }
                }
                closureLinks[node] = result
            }
            return closureLinks[index]!
        }
    }

    /// What libosinfo's `osinfo_os_get_all_devices` answers: every device listed by the entry or anything it
    /// derives from or clones, except those whose nearest listing says `supported="false"` (so a child can
    /// re-enable a device its parent marks unsupported). Device id → the entry whose file lists it nearest.
    public func resolvedDevices(_ index: Int) -> [String: Int] {
        var result: [String: Int] = [:]
        for (device, link) in closure(index) where link.supported { result[device] = link.owner }
        return result
    }

    /// `resolvedDevices(index)` as pairs, only the devices `keep` accepts (without building the dictionary).
    func resolvedDevices(_ index: Int, where keep: (String) -> Bool) -> [(String, Int)] {
        var result: [(String, Int)] = []
        for (device, link) in closure(index) where link.supported && keep(device) { result.append((device, link.owner)) }
        return result
    }

    /// The first mention of one firmware arch/type in a walk: supported (with the element) or not.
    struct FirmwareFirst {
        var key: String
        var firmware: OsinfoFirmware?
    }

    /// What libosinfo's `osinfo_os_get_firmware_list` answers: walking self then ancestors depth first, a
    /// firmware is kept unless an entry visited so far marks the same arch and type `supported="false"`.
    /// So only the first mention of each arch/type matters: a supported first mention is kept, in walk order.
    /// Those first mentions are memoised per entry (an entry's own, then each parent's in order, first wins),
    /// which gives the same answer as libosinfo's walk of every path, in linear time.
    public func resolvedFirmware(_ index: Int) -> [OsinfoFirmware] {
        memo {
            for node in postOrder(from: index, isDone: { firmwareFirsts[$0] != nil }) {
                var firsts: [FirmwareFirst] = []
                var seen = Set<String>()
                let own = entries[node].firmware
                for firmware in own where !firmware.supported {
                    let key = firmware.arch + "/" + firmware.type
                    if seen.insert(key).inserted { firsts.append(FirmwareFirst(key: key, firmware: nil)) }
                }
                for firmware in own where firmware.supported {
                    let key = firmware.arch + "/" + firmware.type
                    if seen.insert(key).inserted { firsts.append(FirmwareFirst(key: key, firmware: firmware)) }
                }
                for parent in acyclicParents[node] {
                    for first in firmwareFirsts[parent]! where seen.insert(first.key).inserted { firsts.append(first) }
                }
                firmwareFirsts[node] = firsts
            }
            return firmwareFirsts[index]!.compactMap(\.firmware)
        }
    }

    /// Firmware some entry in the closure marks unsupported (arch/type keys). Memoised like the others.
    func unsupportedFirmware(_ index: Int) -> Set<String> {
        memo {
            for node in postOrder(from: index, isDone: { unsupportedCache[$0] != nil }) {
                var result = Set(entries[node].firmware.filter { !$0.supported }.map { $0.arch + "/" + $0.type })
                for parent in acyclicParents[node] { result.formUnion(unsupportedCache[parent]!) }
                unsupportedCache[node] = result
            }
            return unsupportedCache[index]!
        }
    }

    /// The entry's architectures in the catalog's vocabulary; an entry that names none takes those of the
    /// nearest ancestor (derives-from, then clones) that does, the earlier-listed parent winning a tie (a
    /// breadth-first search's answer) — osinfo-db writes media only for some entries. Memoised as
    /// (distance, architectures) per entry.
    public func architectures(_ index: Int) -> [String] {
        memo {
            for node in postOrder(from: index, isDone: { archCache[$0] != nil }) {
                let own = OsinfoDatabase.catalogArchitectures(entries[node].arches)
                var best: (distance: Int, arch: [String]) = (own.isEmpty ? Int.max : 0, own)
                if own.isEmpty {
                    for parent in acyclicParents[node] {
                        let inherited = archCache[parent]!
                        if inherited.distance != Int.max, inherited.distance + 1 < best.distance {
                            best = (inherited.distance + 1, inherited.arch)
                        }
                    }
                }
                archCache[node] = best
            }
            return archCache[index]!.arch
        }
    }

    /// The entry's osinfo family; an entry that names none takes the first ancestor's (derives-from, then clones)
    /// that does, as for architectures (elementary-5.0.xml names none and derives from Ubuntu: linux).
    public func family(_ index: Int) -> String? {
        var visited = Set<Int>()
        var queue = [index]
        while !queue.isEmpty {
            let i = queue.removeFirst()
            guard visited.insert(i).inserted else { continue }
            if let family = entries[i].family { return family }
            queue += parents(i)
        }
        return nil
    }

    /// osinfo's architecture names → the catalog's (`i386`…`i686` → i686); others (ppc, sparc64, ia64 …) drop out.
    public static func catalogArchitectures(_ names: [String]) -> [String] {
        var result: [String] = []
        for name in names {
            let mapped: String?
            switch name {
            case "x86_64": mapped = "x86_64"
            case "i386", "i486", "i586", "i686": mapped = "i686"
            case "aarch64": mapped = "aarch64"
            case "armv7l", "armv7hl": mapped = "armv7l"
            case "ppc64": mapped = "ppc64"
            case "ppc64le": mapped = "ppc64le"
            case "s390x": mapped = "s390x"
            case "riscv64": mapped = "riscv64"
            default: mapped = nil
            }
            if let mapped, !result.contains(mapped) { result.append(mapped) }
        }
        return result
    }

    /// The catalog capabilities the entry's resolved devices and firmware give (see `OsinfoCapabilities`).
    public func capabilities(_ index: Int) -> OsinfoCapabilities {
        if let cached = memo({ capabilityCache[index] }) { return cached }
        let result = OsinfoCapabilities(database: self, index: index)   // not under the lock: it calls back in
        memo { capabilityCache[index] = result }
        return result
    }
}

/// Per-file parse results written from several threads.
private final class ParsedFiles: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [(entries: [OsinfoEntry], warning: OsinfoWarning?)]

    init(count: Int) { results = Array(repeating: ([], nil), count: count) }

    func set(_ index: Int, _ value: (entries: [OsinfoEntry], warning: OsinfoWarning?)) {
        lock.lock()
        results[index] = value
        lock.unlock()
    }

    func get(_ index: Int) -> (entries: [OsinfoEntry], warning: OsinfoWarning?) {
        lock.lock()
        defer { lock.unlock() }
        return results[index]
    }
}

extension OsinfoEntry {
    /// Adds what another file says about the same entity: values it gives replace ours (as libosinfo's loader
    /// does), lists are appended.
    mutating func merge(_ other: OsinfoEntry, supplement: Bool) {
        if !other.shortIDs.isEmpty { shortIDs = other.shortIDs }
        name = other.name ?? name
        vendor = other.vendor ?? vendor
        family = other.family ?? family
        distro = other.distro ?? distro
        version = other.version ?? version
        releaseDate = other.releaseDate ?? releaseDate
        eolDate = other.eolDate ?? eolDate
        releaseStatus = other.releaseStatus ?? releaseStatus
        derivesFrom += other.derivesFrom
        upgrades += other.upgrades
        clones += other.clones
        devices += other.devices
        firmware += other.firmware
        for arch in other.arches where !arches.contains(arch) { arches.append(arch) }
        supplements.append(other.file)
    }
}

/// SAX handler: reads the `<os>` children guest-tiers needs and ignores the rest (media details, variants,
/// install scripts, translations).
final class EntryParser: XMLEventHandler {
    let relative: String
    var entries: [OsinfoEntry] = []
    var problem: String?
    var notes: [String] = []

    private(set) var sawRoot = false
    private(set) var firstError: (line: Int, code: Int, message: String)?
    private(set) var stopRequested = false
    private var depth = 0
    /// Elements started and not yet ended (after the parse: how many a truncated file left open).
    var openElements: Int { depth }
    private var current: OsinfoEntry?
    private var osDepth = 0
    private var inDevices = false
    private var textField: String?
    private var text = ""

    init(relative: String) { self.relative = relative }

    func start(_ name: String, attribute: (String) -> String?) {
        depth += 1
        if depth == 1 {
            sawRoot = true
            if name != "libosinfo" {
                problem = "not an osinfo-db file (root element <\(name)>, expected <libosinfo>)"
                stopRequested = true
            }
            return
        }
        if current == nil {
            if name == "os", depth == 2 {
                guard let id = attribute("id"), !id.isEmpty else {
                    notes.append("an <os> element without id is ignored")
                    return
                }
                current = OsinfoEntry(id: id, file: relative)
                osDepth = depth
            }
            return
        }
        let level = depth - osDepth
        if level == 1 {
            switch name {
            case "short-id", "family", "distro", "version", "release-date", "eol-date", "release-status":
                textField = name
                text = ""
            case "name", "vendor":
                // Translations carry xml:lang; the untranslated value is the one libosinfo reports.
                if attribute("xml:lang") == nil {
                    textField = name
                    text = ""
                }
            case "derives-from": if let id = attribute("id") { current!.derivesFrom.append(id) }
            case "upgrades": if let id = attribute("id") { current!.upgrades.append(id) }
            case "clones": if let id = attribute("id") { current!.clones.append(id) }
            case "devices": inDevices = true
            case "firmware":
                if let arch = attribute("arch"), let type = attribute("type") {
                    current!.firmware.append(OsinfoFirmware(arch: arch, type: type, supported: attribute("supported") != "false"))
                }
            case "media", "tree", "image", "resources":
                if let arch = attribute("arch"), arch != "all", !current!.arches.contains(arch) { current!.arches.append(arch) }
            default: break
            }
        } else if level == 2, inDevices, name == "device", let id = attribute("id") {
            current!.devices.append(OsinfoDeviceLink(id: id, supported: attribute("supported") != "false"))
        }
    }

    func error(line: Int, code: Int, message: String) {
        if firstError == nil { firstError = (line, code, message) }
    }

    var wantsCharacters: Bool { textField != nil }

    func characters(_ string: String) {
        if textField != nil { text += string }
    }

    func end(_ name: String) {
        defer { depth -= 1 }
        guard current != nil else { return }
        if depth == osDepth, name == "os" {
            entries.append(current!)
            current = nil
            return
        }
        if depth - osDepth == 1 {
            if name == "devices" { inDevices = false }
            if let field = textField, field == name {
                finish(field, trimmed(text))
                textField = nil
            }
        }
    }

    /// `text.trimmingCharacters(in: .whitespacesAndNewlines)`; most values (`win10`, `2015-07-29`) have nothing to
    /// trim, and bridging each one to NSString was a tenth of reading osinfo-db.
    private func trimmed(_ text: String) -> String {
        if let first = text.utf8.first, let last = text.utf8.last,
           first > 0x20 && first < 0x7F && last > 0x20 && last < 0x7F { return text }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func finish(_ field: String, _ value: String) {
        switch field {
        case "short-id": if !value.isEmpty { current!.shortIDs.append(value) }
        case "name": if current!.name == nil { current!.name = value }
        case "vendor": if current!.vendor == nil { current!.vendor = value }
        case "family": current!.family = value
        case "distro": current!.distro = value
        case "version": current!.version = value
        case "release-status": current!.releaseStatus = value
        case "release-date", "eol-date":
            guard let day = Day(value) else {
                notes.append("\(current!.id): <\(field)> '\(value)' is not a YYYY-MM-DD date; ignored")
                return
            }
            if field == "release-date" { current!.releaseDate = day } else { current!.eolDate = day }
        default: break
        }
    }
}
