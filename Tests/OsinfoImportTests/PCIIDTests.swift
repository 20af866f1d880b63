import XCTest
@testable import OsinfoImport
import TestSupport

/// OsinfoCapabilities reads PCI ids from device URLs on their bytes when they are ASCII; the answer must be the
/// general String code's for every id: hand-picked edge cases (signs, case, empty parts, overflow, non-ASCII)
/// and thousands of random mutations of real ids.
final class PCIIDTests: XCTestCase {
    func same(_ device: String, file: StaticString = #filePath, line: UInt = #line) {
        let fast = OsinfoCapabilities.pciIDs(device), general = OsinfoCapabilities.generalPCIIDs(device)
        XCTAssertEqual(fast.map { [$0.0, $0.1] }, general.map { [$0.0, $0.1] }, device.debugDescription, file: file, line: line)
    }

    func testEdgeCases() {
        let cases = [
            "http://pcisig.com/pci/1af4/1041", "http://pcisig.com/pci/8086/100E", "http://pcisig.com/pci/+1af4/-1000",
            "http://pcisig.com/pci/1af4//1000", "http://pcisig.com/pci//1af4/1000/", "http://pcisig.com/pci/1af4/1000/x",
            "http://pcisig.com/pci/1af4", "http://pcisig.com/pci/", "http://pcisig.com/pci", "http://qemu.org/chipset/x86/q35",
            "http://pcisig.com/pci/+/1000", "http://pcisig.com/pci/-/1000", "http://pcisig.com/pci/1g/1000",
            "http://pcisig.com/pci/fffffffffffffff/1", "http://pcisig.com/pci/7fffffffffffffff/1", "http://pcisig.com/pci/8000000000000000/1",
            "http://pcisig.com/pci/-8000000000000000/1", "http://pcisig.com/pci/00000000000000001af4/1",
            "http://pcisig.com/pci/\u{301}1af4/1000", "http://pcisig.com/pci/1af4/\u{301}1000", "http://pcisig.com/pci/1af4\u{301}/1000",
            "http://pcisig.com/pci/1af4/1000\r\n", "http://pcisig.com/pci/\r\n/1af4/1000", "http://pcisig.com/pci/ 1af4/1000", "",
        ]
        for device in cases { same(device) }
    }

    func testRandomMutationsOfRealIDs() {
        var rng = SplitMix(seed: 14)
        let alphabet = Array("0123456789abcdefABCDEFgx+-/ \r\n\u{301}é")
        let seeds = ["http://pcisig.com/pci/1af4/1041", "http://pcisig.com/pci/8086/10d3", "http://pcisig.com/pci/1234/1111"]
        for _ in 0..<20_000 {
            var characters = Array(seeds.randomElement(using: &rng)!)
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let at = Int.random(in: 15..<characters.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: characters[at] = alphabet.randomElement(using: &rng)!
                case 1: characters.insert(alphabet.randomElement(using: &rng)!, at: at)
                default: characters.remove(at: at)
                }
            }
            same(String(characters))
        }
    }
}
