import DemoClusters
import XCTest
@testable import Explorer

final class WalkthroughTests: XCTestCase {
    func testEveryDemoClusterHasALessonThatParsesInBothLanguages() throws {
        XCTAssertFalse(DemoClusters.all.isEmpty)
        for demo in DemoClusters.all {
            let text = try XCTUnwrap(demo.walkthrough, "\(demo.name) has no walkthrough.yaml")
            let lesson = try WalkthroughLoader.parse(text, file: "demo-clusters/\(demo.name)/walkthrough.yaml")
            XCTAssertGreaterThanOrEqual(lesson.steps.count, 3, demo.name)
            XCTAssertFalse(lesson.title.ko.isEmpty, demo.name)
            for step in lesson.steps {
                XCTAssertFalse(step.narration.ko.isEmpty, "\(demo.name): \(step.title.en) lacks Korean narration")
                XCTAssertFalse(step.narration.en.isEmpty)
            }
        }
    }

    func testTraceStepsBecomeTheCLIArguments() throws {
        let text = """
        title: {en: T, ko: 티}
        steps:
          - title: {en: A}
            narration: {en: a}
            show: {service: default/web}
            trace: {from: default/client, target: "https://shop.example.com/", headers: {x-canary: "true"}, method: POST}
          - title: {en: B}
            narration: {en: b}
            show: {map: true}
            dns: "--from default/client web --type A"
        """
        let w = try WalkthroughLoader.parse(text, file: "w.yaml")
        XCTAssertEqual(w.steps[0].show, "svc:default/web")
        XCTAssertEqual(w.steps[0].command, ["trace", "--from", "default/client", "-X", "POST", "-H", "x-canary: true", "https://shop.example.com/"])
        XCTAssertNil(w.steps[1].show)
        XCTAssertEqual(w.steps[1].command, ["dns", "--from", "default/client", "web", "--type", "A"])
    }

    func testMistakesNameFileAndLine() {
        let text = "title: {en: T}\nsteps:\n  - title: {en: A}\n    narration: {en: a}\n    shw: {map: true}\n"
        XCTAssertThrowsError(try WalkthroughLoader.parse(text, file: "w.yaml")) { e in
            XCTAssertEqual((e as? WalkthroughError)?.line, 5)
            XCTAssertEqual((e as? WalkthroughError)?.file, "w.yaml")
        }
        XCTAssertThrowsError(try WalkthroughLoader.parse("title: {en: T}\nsteps:\n  - title: {en: A}\n", file: "w.yaml"))
        XCTAssertThrowsError(try WalkthroughLoader.parse("steps: [", file: "w.yaml"))
    }

    func testLanguageDefaultsFromTheLocale() {
        XCTAssertEqual(Language.from(environment: ["LANG": "ko_KR.UTF-8"]), .ko)
        XCTAssertEqual(Language.from(environment: ["LANG": "ko_KR.UTF-8", "LC_ALL": "en_US.UTF-8"]), .en)
        XCTAssertEqual(Language.from(environment: ["LC_ALL": "ko_KR.UTF-8"]), .ko)
        XCTAssertEqual(Language.from(environment: [:]), .en)
    }
}
