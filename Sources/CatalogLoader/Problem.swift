import TierEngine

/// One thing wrong with the catalog, where it is: printed as `file:line: message`.
public struct CatalogProblem: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String

    /// The message is sanitised here: it may quote hostile catalog text.
    public init(file: String, line: Int, message: String) {
        self.file = SafeText.sanitize(file)
        self.line = max(1, line)
        self.message = SafeText.sanitize(message)
    }

    public var description: String { "\(file):\(line): \(message)" }
}

/// A catalog that cannot be used, with every problem found.
public struct CatalogError: Error, Sendable, CustomStringConvertible {
    public var problems: [CatalogProblem]

    public init(_ problems: [CatalogProblem]) { self.problems = problems }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
