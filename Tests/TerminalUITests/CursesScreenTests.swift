import CNcursesw
import XCTest
@testable import Explorer
@testable import TerminalUI

/// Real ncurses on /dev/null via `newterm` (never `initscr` in tests: reference/swift-ncurses.md,
/// pitfall 10). XCTest runs these one after another; ncurses has one current screen.
final class CursesScreenTests: XCTestCase {
    override func setUp() {
        _ = setlocale(LC_CTYPE, "C.UTF-8")
    }

    func openScreen() throws -> CursesScreen {
        let out = fopen("/dev/null", "w")
        let inp = fopen("/dev/null", "r")
        return try CursesScreen(term: "xterm-256color", output: out, input: inp, environment: [:])
    }

    func testBlitDrawsKoreanAndBoxesIntoARealCursesScreen() throws {
        let screen = try openScreen()
        defer { screen.close() }
        var buf = CellBuffer(size: screen.size)
        buf.box(Rect(x: 0, y: 0, width: 20, height: 3), title: "노드")
        buf.put("서비스 ok", x: 1, y: 1, style: Style(.service))
        screen.present(buf, theme: ThemeCatalog().fallback)
        XCTAssertEqual(screen.character(x: 0, y: 0), "┌")
        XCTAssertEqual(screen.character(x: 2, y: 0), "노")
        XCTAssertEqual(screen.character(x: 4, y: 0), "드")
        XCTAssertEqual(screen.character(x: 1, y: 1), "서")
        XCTAssertEqual(screen.character(x: 3, y: 1), "비")
        XCTAssertEqual(screen.character(x: 8, y: 1), "o")
        XCTAssertEqual(screen.depth, .full256)
    }

    func testNoColorEnvironmentTurnsColourOff() throws {
        let screen = try CursesScreen(term: "xterm-256color", output: fopen("/dev/null", "w"), input: fopen("/dev/null", "r"), environment: ["NO_COLOR": "1"])
        defer { screen.close() }
        XCTAssertEqual(screen.depth, .none)
        XCTAssertEqual(screen.pairNumber(fg: 3, bg: -1), 0)
    }

    func testUnknownTerminalTypeIsAnErrorNotAnExit() {
        XCTAssertThrowsError(try CursesScreen(term: "no-such-terminal-kw", output: fopen("/dev/null", "w"), input: fopen("/dev/null", "r"), environment: [:]))
    }

    func testWholeExplorerFrameBlitsAtDefaultSize() throws {
        let screen = try openScreen()
        defer { screen.close() }
        let state = AppState(cluster: LoadedCluster(ref: "t", view: ClusterView(name: "t", nodes: [NodeView(name: "n1", role: "worker", internalIP: "10.0.0.1")])))
        let frame = render(state, size: screen.size, time: 0)
        screen.present(frame, theme: state.theme)
        XCTAssertEqual(screen.size, Size(width: 80, height: 24))
        XCTAssertEqual(screen.character(x: 0, y: 0), "┌")
        XCTAssertEqual(screen.character(x: 1, y: 22), "k")
    }

    func testInputMapping() {
        XCTAssertEqual(InputReader.character(13), .key(.enter))
        XCTAssertEqual(InputReader.character(3), .key(.ctrl("c")))
        XCTAssertEqual(InputReader.character(0xC11C), .key(.char("서")))
        XCTAssertEqual(InputReader.character(127), .key(.backspace))
    }
}
