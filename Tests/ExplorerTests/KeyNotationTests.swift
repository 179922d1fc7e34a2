import XCTest
@testable import Explorer

final class KeyNotationTests: XCTestCase {
    func testTmuxNamesAndLiteralStrings() throws {
        let keys = try KeyNotation.parse("':trace --from default/client http://wear-service/' Enter Space BSpace C-c F5 Up q")
        XCTAssertEqual(keys.first, .char(":"))
        XCTAssertEqual(keys.count, ":trace --from default/client http://wear-service/".unicodeScalars.count + 7)
        XCTAssertEqual(Array(keys.suffix(7)), [.enter, .char(" "), .backspace, .ctrl("c"), .function(5), .up, .char("q")])
    }

    func testNamesAreCaseInsensitiveLikeTmuxAndAliasesWork() throws {
        XCTAssertEqual(try KeyNotation.parse("escape PgDn NPage ppage BTab DC ^C M-x"),
                       [.escape, .pageDown, .pageDown, .pageUp, .backTab, .delete, .ctrl("c"), .meta("x")])
    }

    func testAWordThatIsNotAKeyNameIsLiteral() throws {
        XCTAssertEqual(try KeyNotation.parse("Enterprise"), "Enterprise".unicodeScalars.map { .char($0) })
        XCTAssertEqual(try KeyNotation.parse("\"a b\" 서"), [.char("a"), .char(" "), .char("b"), .char("서")])
    }

    func testUnterminatedQuoteIsAnError() {
        XCTAssertThrowsError(try KeyNotation.parse("'abc"))
    }

    func testNameRoundTrips() {
        for k: Key in [.enter, .escape, .tab, .backspace, .up, .pageDown, .function(12), .ctrl("c"), .char(" "), .char("x")] {
            XCTAssertEqual(KeyNotation.keys(for: KeyNotation.name(of: k)), [k])
        }
    }
}
