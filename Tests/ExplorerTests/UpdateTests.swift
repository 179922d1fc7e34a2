import XCTest
@testable import Explorer

/// The state machine: keys in, state out; no terminal.
final class UpdateTests: XCTestCase {
    func press(_ s: AppState, _ keys: String, at t: Double = 0) throws -> AppState {
        var s = s
        for k in try KeyNotation.parse(keys) { s = update(s, .key(k), time: t) }
        return s
    }

    func testArrowsWalkTheMapInReadingOrderAndHLJumpBetweenNodes() throws {
        let s0 = Fixtures.state()
        var s = try press(s0, "j")
        XCTAssertEqual(s.selectedID, "ext:browser")
        s = try press(s, "j j")
        XCTAssertEqual(s.selectedID, "node:controlplane")
        s = try press(s, "j")
        XCTAssertEqual(s.selectedID, "pod:kube-system/coredns-5d78c9869d-7xk2p")
        s = try press(s, "l")
        XCTAssertEqual(s.selectedID, "node:node01")
        s = try press(s, "Right Right Right")
        XCTAssertEqual(s.selectedID, "node:node02")
        s = try press(s, "k")
        XCTAssertNotEqual(s.selectedID, "node:node02")
    }

    func testEnterZoomsToANodeAndEscapeGoesBack() throws {
        var s = try press(Fixtures.state(), "j j j l Enter")
        XCTAssertEqual(s.zoomedNode, "node01")
        let frame = render(s, size: Size(width: 120, height: 40), time: 0).text
        XCTAssertFalse(frame.contains("node02 ·"), "zoomed map shows only node01")
        s = try press(s, "Escape")
        XCTAssertNil(s.zoomedNode)
    }

    func testSelectingAServiceMarksItsEndpoints() throws {
        var s = Fixtures.state()
        s.selectedID = "svc:default/wear-service"
        let frame = render(s, size: Size(width: 120, height: 40), time: 0)
        let lines = frame.text.split(separator: "\n")
        let marked = lines.filter { $0.contains("▶ wear-") || $0.contains("▶ watch-") || $0.contains("▶ mysql") }
        XCTAssertEqual(marked.count, 2, frame.text)
        XCTAssertTrue(marked.allSatisfy { $0.contains("wear-7c9f8b6d4") })
    }

    func testTPrefillsTheCommandLineFromTheSelectedPod() throws {
        var s = Fixtures.state()
        s.selectedID = "pod:default/client"
        s = try press(s, "t")
        XCTAssertEqual(s.commandLine?.text, "trace --from default/client ")
        s.commandLine = nil
        s.selectedID = "ext:browser"
        s = try press(s, "t")
        XCTAssertEqual(s.commandLine?.text, "trace --from external/browser ")
    }

    func testCommandWithoutEngineSaysSoInOneLineAndDoesNotCrash() throws {
        let s = try press(Fixtures.state(withTrace: false), "':trace --from default/client http://wear-service/' Enter")
        XCTAssertNil(s.trace)
        XCTAssertTrue(s.messageIsError)
        XCTAssertEqual(s.message, "trace: the trace engine is not in this build yet (issue 6); nothing was computed")
        let dns = try press(s, "':dns --from default/client web' Enter")
        XCTAssertTrue(dns.message?.contains("dns engine is not in this build yet") ?? false)
    }

    func testSteppingThroughATrace() throws {
        var s = try press(Fixtures.state(withTrace: true), "':trace --from default/client http://wear-service/wear' Enter")
        XCTAssertEqual(s.trace?.hops.count, 5)
        XCTAssertTrue(s.playback.playing)
        XCTAssertTrue(isAnimating(s, time: 1))
        s = try press(s, "Space", at: 0.1)
        XCTAssertFalse(s.playback.playing, "stepping pauses")
        XCTAssertEqual(s.currentHop(at: 10), 1)
        s = try press(s, "n n n n n n", at: 0.2)
        XCTAssertEqual(s.currentHop(at: 10), 4, "clamped at the last hop")
        s = try press(s, "p BSpace", at: 0.3)
        XCTAssertEqual(s.currentHop(at: 10), 2)
        XCTAssertFalse(isAnimating(s, time: 10))
        s = try press(s, "a", at: 1)
        XCTAssertTrue(isAnimating(s, time: 1.1))
        s = try press(s, "r", at: 2)
        XCTAssertEqual(s.currentHop(at: 2), 0)
    }

    func testSpeedChangesHowFastThePacketAdvances() throws {
        var s = try press(Fixtures.state(withTrace: true), "':trace --from default/client http://wear-service/wear' Enter")
        let slow = s.currentHop(at: Playback.secondsPerHop * 1.5)
        s = try press(s, "+ +", at: 0)
        XCTAssertEqual(s.playback.speed, 4)
        let fast = s.currentHop(at: Playback.secondsPerHop * 1.5)
        XCTAssertEqual(slow, 1)
        XCTAssertEqual(fast, 4)
        s = try press(s, "- - - - - -", at: 0)
        XCTAssertEqual(s.playback.speed, 0.25)
    }

    func testONextOutcomeReRunsWithTheNextPick() throws {
        var s = try press(Fixtures.state(withTrace: true), "':trace --from default/client http://wear-service/wear' Enter")
        XCTAssertEqual(s.trace?.pick, 1)
        s = try press(s, "o")
        XCTAssertEqual(s.trace?.pick, 2)
        s = try press(s, "o")
        XCTAssertEqual(s.trace?.pick, 1, "wraps around after the last outcome")
    }

    func testTheLabelShowsTheHeadersChangingAtTheDNAT() throws {
        var s = try press(Fixtures.state(withTrace: true), "':trace --from default/client http://wear-service/wear' Enter")
        s.playback.jump(to: 2, at: 0, hopCount: 5)
        // At hop 3 (the netfilter DNAT) after arriving: the new destination is on the map.
        let arrived = render(s, size: Size(width: 120, height: 40), time: 0)
        XCTAssertTrue(arrived.text.contains("10.244.1.2:43512 → 10.244.2.2:8080 TCP"), arrived.text)
        // While travelling into that hop the label still shows the ClusterIP.
        s.playback = Playback()
        s.playback.anchorProgress = 2.05
        let travelling = render(s, size: Size(width: 120, height: 40), time: 0)
        XCTAssertTrue(travelling.text.contains("→ 10.96.120.15:80 TCP"), travelling.text)
        // The changed destination is drawn in the `changed` role.
        var changedCells = 0
        for y in 0..<arrived.height { for x in 0..<arrived.width where arrived.cell(x: x, y: y)?.style.role == .changed { changedCells += 1 } }
        XCTAssertGreaterThan(changedCells, 10)
    }

    func testAnimationFramesChangeFewCells() throws {
        let s = try press(Fixtures.state(withTrace: true), "':trace --from default/client http://wear-service/wear' Enter")
        // Hop 4 travels from node01 to node02 between t=7.5 s and 8.25 s.
        let a = render(s, size: Size(width: 120, height: 40), time: 7.7)
        let b = render(s, size: Size(width: 120, height: 40), time: 7.7 + 1.0 / 30)
        let changed = b.changedCells(since: a).count
        XCTAssertGreaterThan(changed, 0, "the packet moves between frames")
        XCTAssertLessThan(changed, 120, "a frame changes the packet, its trail and label, not the screen")
    }

    func testCommandHistoryAndCompletion() throws {
        var s = try press(Fixtures.state(), "':node node01' Enter")
        XCTAssertEqual(s.zoomedNode, "node01")
        s = try press(s, ": Up")
        XCTAssertEqual(s.commandLine?.text, "node node01")
        s = try press(s, "Escape ':th' Tab")
        XCTAssertEqual(s.commandLine?.text, "theme ")
        s = try press(s, "h Tab")
        XCTAssertEqual(s.commandLine?.text, "theme high-contrast ")
        s = try press(s, "Enter")
        XCTAssertEqual(s.theme.name, "high-contrast")
        s = try press(s, "':trace --from default/cl' Tab")
        XCTAssertEqual(s.commandLine?.text, "trace --from default/client ")
        s = try press(s, "Escape ':no' Tab 'n' Tab")
        XCTAssertEqual(s.commandLine?.text, "node node0")
        s = try press(s, "Tab")
        XCTAssertEqual(s.commandLine?.completions, ["node01", "node02"])
    }

    func testFilterByNamespaceAndLabel() throws {
        var s = try press(Fixtures.state(), "'/ns:kube-system' Enter")
        XCTAssertEqual(s.filter, "ns:kube-system")
        var text = render(s, size: Size(width: 120, height: 40), time: 0).text
        XCTAssertTrue(text.contains("coredns"))
        XCTAssertFalse(text.contains("client"))
        XCTAssertFalse(text.contains("node02 ·"))
        s = try press(s, "Escape '/app=wear' Enter")
        text = render(s, size: Size(width: 120, height: 40), time: 0).text
        XCTAssertTrue(text.contains("wear-7c9f8b6d4-abc"))
        XCTAssertFalse(text.contains("watch-5b8d7f9c"))
    }

    func testHelpOverlayOpensAndCloses() throws {
        var s = try press(Fixtures.state(), "?")
        XCTAssertTrue(s.helpVisible)
        XCTAssertTrue(render(s, size: Size(width: 80, height: 24), time: 0).text.contains("play / pause the animation"))
        s = try press(s, "j")
        XCTAssertNil(s.selectedID, "keys do not reach the map under the help overlay")
        s = try press(s, "Escape")
        XCTAssertFalse(s.helpVisible)
        XCTAssertTrue(try press(s, "q").quitRequested)
    }

    func testWalkthroughStepsAndLanguage() throws {
        var s = try press(Fixtures.state(withTrace: true), "':walkthrough' Enter")
        XCTAssertEqual(s.walkthroughStep, 0)
        XCTAssertEqual(s.selectedID, "node:node01")
        s = try press(s, "PageDown")
        XCTAssertEqual(s.selectedID, "svc:default/wear-service")
        s = try press(s, "PageDown")
        XCTAssertNotNil(s.trace, "the third step runs its trace")
        s = try press(s, "PageDown")
        XCTAssertEqual(s.walkthroughStep, 2, "stays on the last step")
        s = try press(s, "':lang ko' Enter")
        XCTAssertTrue(render(s, size: Size(width: 120, height: 40), time: 0).text.contains("패킷을 따라가 보세요."))
    }

    func testMouseClickSelectsAndWheelScrolls() throws {
        var s = Fixtures.state()
        let frame = render(s, size: Size(width: 120, height: 40), time: 0)
        guard let row = (0..<frame.height).first(where: { frame.line($0).contains("● client") }),
              let col = frame.line(row).range(of: "client").map({ frame.line(row).distance(from: frame.line(row).startIndex, to: $0.lowerBound) }) else {
            return XCTFail("client not on the map")
        }
        s = update(s, .mouse(MouseEvent(x: col, y: row, kind: .click)), time: 0)
        XCTAssertEqual(s.selectedID, "pod:default/client")
        s = update(s, .mouse(MouseEvent(x: 5, y: 5, kind: .wheelDown)), time: 0)
        XCTAssertEqual(s.mapScroll, 3)
        var off = Fixtures.state()
        off.mouseEnabled = false
        off = update(off, .mouse(MouseEvent(x: col, y: row, kind: .click)), time: 0)
        XCTAssertNil(off.selectedID)
    }

    func testTooSmallSaysTheSizeNeeded() {
        let text = render(Fixtures.state(), size: Size(width: 50, height: 12), time: 0).text
        XCTAssertTrue(text.contains("terminal too small: 50x12"))
        XCTAssertTrue(text.contains("at least 60x16"))
    }
}
