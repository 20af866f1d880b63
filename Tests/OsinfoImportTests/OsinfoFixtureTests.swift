import XCTest
@testable import OsinfoImport
import TierEngine
