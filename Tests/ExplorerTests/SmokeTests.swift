import XCTest
@testable import Explorer

final class SmokeTests: XCTestCase {
    func testPrint() throws {
        guard ProcessInfo.processInfo.environment["KW_PRINT"] != nil else { throw XCTSkip("set KW_PRINT=1 to print frames") }
        var s = Fixtures.state(withTrace: true)
        print(render(s, size: Size(width: 120, height: 40), time: 0).text)
        for k in try KeyNotation.parse("j j j j") { s = update(s, .key(k), time: 0) }
        s = update(s, .key(.char("t")), time: 0)
        for k in try KeyNotation.parse("http://wear-service/wear Enter") { s = update(s, .key(k), time: 0) }
        print(render(s, size: Size(width: 120, height: 40), time: 5.9).text)
        print(render(s, size: Size(width: 80, height: 24), time: 5.9).text)
    }
}
