import XCTest
@testable import Explorer

final class ThemeTests: XCTestCase {
    func testAllBuiltInThemesLoadAndDefineEveryRole() throws {
        let catalog = ThemeCatalog()
        XCTAssertEqual(catalog.errors, [])
        XCTAssertEqual(catalog.names, ["dark", "default", "high-contrast", "light", "monochrome"])
        for name in catalog.names {
            XCTAssertNil(catalog.problem(named: name))
            XCTAssertEqual(catalog.theme(named: name)?.name, name, "a theme's name matches its file name")
            let theme = try XCTUnwrap(catalog.theme(named: name))
            for role in Role.allCases { XCTAssertNotNil(theme.styles[role], "\(name) lacks \(role.key)") }
        }
    }

    func testEveryThemeFileOnDiskIsEmbedded() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let onDisk = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("themes").path).filter { $0.hasSuffix(".yaml") }
        XCTAssertEqual(onDisk.map { String($0.dropLast(5)) }.sorted(), ThemeCatalog().names, "run scripts/embed-resources.py after editing themes/")
    }

    func testBadThemeNamesFileAndLine() {
        let text = "name: broken\nroles:\n  node: {fg: cyan}\n  nodes: {fg: red}\n"
        XCTAssertThrowsError(try ThemeLoader.parse(text, file: "mine.yaml")) { error in
            let e = error as? ThemeError
            XCTAssertEqual(e?.file, "mine.yaml")
            XCTAssertEqual(e?.line, 4)
            XCTAssertTrue(e?.message.contains("unknown role `nodes`") ?? false)
        }
        XCTAssertThrowsError(try ThemeLoader.parse("name: x\nroles:\n  node: {fg: purpleish}\n", file: "t.yaml")) { error in
            XCTAssertEqual((error as? ThemeError)?.line, 3)
        }
        XCTAssertThrowsError(try ThemeLoader.parse("name: x\nroles: [\n", file: "t.yaml")) { error in
            XCTAssertEqual((error as? ThemeError)?.file, "t.yaml")
        }
    }

    func testCatalogKeepsDefaultWhenAUserThemeIsBad() {
        var c = ThemeCatalog()
        c.add(text: "name: mine\nroles:\n  node: {bold: maybe}\n", file: "/home/u/.config/kubewalk/themes/mine.yaml")
        XCTAssertNil(c.theme(named: "mine"))
        XCTAssertEqual(c.errors.first?.line, 3)
        XCTAssertEqual(c.fallback.name, "default")
    }

    func testNearestColours() {
        XCTAssertEqual(TerminalColor(parsing: "#ff0000")?.paletteIndex(colors: 256), 196)
        XCTAssertEqual(TerminalColor(parsing: "#ff0000")?.paletteIndex(colors: 8), 1)
        XCTAssertEqual(TerminalColor(parsing: "#5fafff")?.paletteIndex(colors: 256), 75)
        XCTAssertEqual(TerminalColor(parsing: "#5fafff")?.paletteIndex(colors: 8), 6)
        XCTAssertEqual(TerminalColor(parsing: "#080808")?.paletteIndex(colors: 256), 232)
        XCTAssertEqual(TerminalColor(parsing: "bright-red")?.paletteIndex(colors: 8), 1)
        XCTAssertEqual(TerminalColor(parsing: "default")?.paletteIndex(colors: 256), -1)
        XCTAssertNil(TerminalColor(parsing: "#12345"))
    }

    func testNoColorKeepsBoldAndReverse() {
        let theme = ThemeCatalog().fallback
        XCTAssertEqual(ColorDepth.from(colors: 256, environment: ["NO_COLOR": "1"]), .none)
        XCTAssertEqual(ColorDepth.from(colors: 256, environment: ["NO_COLOR": ""]), .full256)
        let node = theme.resolve(Style(.node), depth: .none)
        XCTAssertEqual(node.foreground, -1)
        XCTAssertTrue(node.bold)
        let sel = theme.resolve(Style(.selection), depth: .none)
        XCTAssertTrue(sel.reverse)
        XCTAssertEqual(theme.resolve(Style(.node), depth: .full256).foreground, 75)
    }
}
