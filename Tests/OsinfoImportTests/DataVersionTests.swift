import Foundation
import XCTest
@testable import OsinfoImport
import SafeProcess

/// The Debian package's version (osinfo-db, distro-info-data) comes from `dpkg-query`, an outside program:
/// run through the safe runner, so a hanging, flooding or hostile dpkg-query costs at most its time limit.
final class DataVersionTests: XCTestCase {
    /// A fake dpkg-query: a shell script in a temporary directory.
    func fakeDpkgQuery(_ body: String) throws -> String {
        let path = (try Paths.temporaryDirectory(self) as NSString).appendingPathComponent("dpkg-query")
        try ("#!/bin/sh\n" + body + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return path
    }

    func testAHangingDpkgQueryIsStoppedAtItsLimit() throws {
        // It ignores SIGTERM too: the runner kills its process group after the grace.
        let hanging = try fakeDpkgQuery("trap '' TERM; sleep 30; echo 1.0")
        let started = Date()
        XCTAssertNil(DataVersion.dpkgVersion(of: "osinfo-db", dpkgQuery: hanging, limits: RunLimits(timeout: 0.5, grace: 0.2, maxOutput: 4096)))
        XCTAssertLessThan(Date().timeIntervalSince(started), 5, "dpkg-query was waited for")
        // The default limits are a few seconds, not forever.
        XCTAssertLessThanOrEqual(DataVersion.dpkgLimits.timeout + DataVersion.dpkgLimits.grace, 3)
        XCTAssertLessThanOrEqual(DataVersion.dpkgLimits.maxOutput, 4096)
    }

    func testFloodingOrFailingOrHostileOutputIsNoVersion() throws {
        XCTAssertNil(DataVersion.dpkgVersion(of: "p", dpkgQuery: try fakeDpkgQuery("exec yes 1.0")))
        XCTAssertNil(DataVersion.dpkgVersion(of: "p", dpkgQuery: try fakeDpkgQuery("echo 'no packages found' >&2; exit 1")))
        XCTAssertNil(DataVersion.dpkgVersion(of: "p", dpkgQuery: try fakeDpkgQuery("printf '1.0\\n2.0\\n'")))
        XCTAssertNil(DataVersion.dpkgVersion(of: "p", dpkgQuery: "/nonexistent/dpkg-query"))
        XCTAssertEqual(DataVersion.dpkgVersion(of: "p", dpkgQuery: try fakeDpkgQuery("printf '1.0\\033[2J\\342\\200\\256x'")),
                       "1.0\u{FFFD}[2J\u{FFFD}x")
        // The package name is one argument, whatever it holds.
        XCTAssertEqual(DataVersion.dpkgVersion(of: "a b; rm -rf /", dpkgQuery: try fakeDpkgQuery("printf '%s' \"$4\"")), "a b; rm -rf /")
    }

    func testTheRealPackageVersion() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/dpkg-query") else {
            return XCTAssertNil(DataVersion.dpkgVersion(of: "osinfo-db"), "not a Debian system: no package version")
        }
        let version = try XCTUnwrap(DataVersion.dpkgVersion(of: "osinfo-db"), ".ci/run installs osinfo-db")
        XCTAssertTrue(version.first?.isNumber ?? false, version)
    }
}
