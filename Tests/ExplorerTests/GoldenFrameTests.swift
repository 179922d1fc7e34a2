import DemoClusters
import XCTest
@testable import Explorer

/// Every view and overlay at 80×24 and 120×40, every theme, Korean narration.
final class GoldenFrameTests: XCTestCase {
    static let sizes = [Size(width: 80, height: 24), Size(width: 120, height: 40)]

    func press(_ s: AppState, _ keys: String, size: Size, at t: Double = 0) throws -> AppState {
        var s = update(s, .resize(size), time: t)
        for k in try KeyNotation.parse(keys) { s = update(s, .key(k), time: t) }
        return s
    }

    func frames(_ name: String, keys: String, trace: Bool = false, language: Language = .en, presenter: Bool = false, time: Double = 0,
                file: StaticString = #filePath, line: UInt = #line) throws {
        for size in Self.sizes {
            var base = Fixtures.state(size: size, withTrace: trace, language: language)
            base.presenter = presenter
            Golden.frame(try press(base, keys, size: size), size, time: time, name: name, file: file, line: line)
        }
    }

    func testMap() throws { try frames("map", keys: "") }
    func testPodSelected() throws { try frames("pod-selected", keys: "j j j l j") }
    func testNodeZoomed() throws { try frames("node-zoomed", keys: "j j j l Enter") }
    func testServiceEndpoints() throws { try frames("service-endpoints", keys: "j j j j j j j j j j j j j j") }
    func testFilter() throws { try frames("filter", keys: "'/app=wear'") }
    func testHelpOverlay() throws { try frames("help", keys: "?") }
    func testHelpOverlayKorean() throws { try frames("help-ko", keys: "?", language: .ko) }
    func testCommandCompletion() throws { try frames("command-completion", keys: "':node n' Tab Tab") }
    func testMissingEngineMessage() throws { try frames("engine-missing", keys: "':dns --from default/client web' Enter") }
    func testTracePausedAtDNAT() throws { try frames("trace-dnat", keys: "':trace --from default/client http://wear-service/wear' Enter Space Space", trace: true) }
    func testTraceInFlight() throws { try frames("trace-in-flight", keys: "':trace --from default/client http://wear-service/wear' Enter", trace: true, time: 7.8) }
    func testTraceStepsFocused() throws { try frames("trace-steps-focus", keys: "':trace --from default/client http://wear-service/wear' Enter Tab j j j j", trace: true) }
    func testWalkthrough() throws { try frames("walkthrough", keys: "':walkthrough' Enter") }
    func testWalkthroughKorean() throws { try frames("walkthrough-ko", keys: "':walkthrough' Enter PageDown", language: .ko) }
    func testPresenter() throws { try frames("presenter", keys: "':walkthrough' Enter PageDown PageDown Space Space", trace: true, presenter: true) }
    func testPresenterKorean() throws { try frames("presenter-ko", keys: "':walkthrough' Enter", language: .ko, presenter: true) }

    func testTooSmall() {
        Golden.frame(Fixtures.state(), Size(width: 59, height: 15), name: "too-small")
    }

    func testASCIILineDrawing() throws {
        var s = Fixtures.state(size: Size(width: 80, height: 24))
        s.lines = .ascii
        Golden.frame(try press(s, "':trace --from x' Enter", size: Size(width: 80, height: 24)), Size(width: 80, height: 24), name: "ascii")
    }

    func testCollapsedLargeCluster() throws {
        for size in Self.sizes {
            var s = AppState(cluster: LoadedCluster(ref: "big", view: Fixtures.synthetic(nodes: 60, podsPerNode: 4)))
            s = try press(s, "g j j j j j", size: size)
            Golden.frame(s, size, name: "collapsed-grouped")
        }
    }

    func testEveryThemeInColour() throws {
        let size = Size(width: 80, height: 24)
        for name in ThemeCatalog().names {
            let s = try press(Fixtures.state(size: size, withTrace: true, theme: name), "j j j l j ':trace --from default/client http://wear-service/wear' Enter Space Space", size: size)
            XCTAssertEqual(s.theme.name, name)
            Golden.check(render(s, size: size, time: 0).ansi(theme: s.theme, depth: .full256), name: "theme-\(name)-\(size).ansi")
        }
        let s = try press(Fixtures.state(size: size, withTrace: true), "j ?", size: size)
        Golden.check(render(s, size: size, time: 0).ansi(theme: s.theme, depth: .none), name: "no-color-\(size).ansi")
        Golden.check(render(s, size: size, time: 0).ansi(theme: s.theme, depth: .eight), name: "eight-colors-\(size).ansi")
    }
}

/// The real demo clusters, loaded by ClusterModel, as a user first sees them.
final class DemoClusterFrameTests: XCTestCase {
    func testEveryDemoClusterMap() throws {
        for demo in DemoClusters.all {
            for size in GoldenFrameTests.sizes {
                Golden.frame(try Fixtures.demoState(demo.name, size: size), size, name: "demo-\(demo.name)")
            }
        }
    }

    func testOnlineStoreLessonInKoreanAndPresenterMode() throws {
        for size in GoldenFrameTests.sizes {
            var s = try Fixtures.demoState("online-store", size: size, language: .ko)
            s = update(s, .key(.char(":")), time: 0)
            for k in try KeyNotation.parse("walkthrough Enter PageDown PageDown") { s = update(s, .key(k), time: 0) }
            Golden.frame(s, size, name: "demo-online-store-lesson-ko")
            var p = try Fixtures.demoState("online-store", size: size, presenter: true)
            p.startWalkthrough(now: 0)
            Golden.frame(p, size, name: "demo-online-store-presenter")
        }
    }

    func testOnlineStoreServiceSelectionLinksEndpoints() throws {
        var s = try Fixtures.demoState("online-store", size: Size(width: 120, height: 40))
        s.selectedID = "svc:default/wear-service"
        let text = render(s, size: Size(width: 120, height: 40), time: 0).text
        let linked = text.split(separator: "\n").filter { $0.contains("▶ wear-") }
        XCTAssertEqual(linked.count, 2, text)
    }
}
