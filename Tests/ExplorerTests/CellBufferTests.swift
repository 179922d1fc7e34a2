import XCTest
@testable import Explorer

final class CellBufferTests: XCTestCase {
    func testHangulTakesTwoColumnsWithContinuation() {
        var b = CellBuffer(size: Size(width: 10, height: 1))
        let end = b.put("a서b", x: 0, y: 0)
        XCTAssertEqual(end, 4)
        XCTAssertEqual(b.cell(x: 1, y: 0)?.scalar, "서")
        XCTAssertEqual(b.cell(x: 2, y: 0)?.isContinuation, true)
        XCTAssertEqual(b.cell(x: 3, y: 0)?.scalar, "b")
        XCTAssertEqual(b.line(0), "a서b      ")
    }

    func testWideCharacterNeverSplitAtRightEdge() {
        var b = CellBuffer(size: Size(width: 4, height: 1))
        b.put("abc서", x: 0, y: 0)
        XCTAssertEqual(b.cell(x: 3, y: 0)?.scalar, " ")
        XCTAssertEqual(b.cell(x: 3, y: 0)?.isContinuation, false)
        var c = CellBuffer(size: Size(width: 10, height: 1))
        c.put("가나다", x: 0, y: 0, clip: Rect(x: 0, y: 0, width: 5, height: 1))
        XCTAssertEqual(c.cell(x: 2, y: 0)?.scalar, "나")
        XCTAssertEqual(c.cell(x: 4, y: 0)?.scalar, " ")
        XCTAssertEqual(c.cell(x: 4, y: 0)?.isContinuation, false)
        XCTAssertEqual(c.cell(x: 5, y: 0)?.scalar, " ")
    }

    func testOverwritingHalfOfWideCharBlanksTheOtherHalf() {
        var b = CellBuffer(size: Size(width: 4, height: 1))
        b.put("서", x: 0, y: 0)
        b.put("x", x: 1, y: 0)
        XCTAssertEqual(b.cell(x: 0, y: 0)?.scalar, " ")
        XCTAssertEqual(b.cell(x: 1, y: 0)?.scalar, "x")
        XCTAssertEqual(b.cell(x: 1, y: 0)?.isContinuation, false)
    }

    func testWritesOutsideTheGridAreClipped() {
        var b = CellBuffer(size: Size(width: 3, height: 2))
        b.put("hello", x: -2, y: 0)
        b.put("x", x: 0, y: 5)
        XCTAssertEqual(b.line(0), "llo")
        b.fill(Rect(x: -5, y: -5, width: 100, height: 100), with: "#")
        XCTAssertEqual(b.text, "###\n###")
    }

    func testBoxWithTitleAndAsciiFallback() {
        var b = CellBuffer(size: Size(width: 12, height: 3))
        b.box(b.bounds, title: "node01")
        XCTAssertEqual(b.line(0), "┌ node01 ──┐")
        XCTAssertEqual(b.line(2), "└──────────┘")
        var a = CellBuffer(size: Size(width: 6, height: 3), lines: .ascii)
        a.box(a.bounds)
        XCTAssertEqual(a.text, "+----+\n|    |\n+----+")
    }

    func testChangedCellsListsOnlyDifferences() {
        var a = CellBuffer(size: Size(width: 5, height: 2))
        a.put("abc", x: 0, y: 0)
        var b = a
        b.put("X", x: 1, y: 1)
        b.put("b", x: 1, y: 0, style: Style(.packet))
        let changed = b.changedCells(since: a)
        XCTAssertEqual(changed.map { "\($0.x),\($0.y)" }, ["1,0", "1,1"])
        XCTAssertEqual(CellBuffer(size: Size(width: 2, height: 2)).changedCells(since: a).count, 4)
    }

    func testWrapBreaksKoreanWithinWidth() {
        let lines = CharWidth.wrap("파드는 각자 IP를 가진다 and every pod gets one", to: 10)
        for l in lines { XCTAssertLessThanOrEqual(CharWidth.width(of: l), 10, l) }
        XCTAssertEqual(lines.first, "파드는")
        XCTAssertEqual(lines.dropFirst().first, "각자 IP를")
    }
}
