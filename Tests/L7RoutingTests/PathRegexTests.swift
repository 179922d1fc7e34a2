@testable import L7Routing
import XCTest

/// kubewalk's PCRE-subset engine: what nginx locations and rewrites use.
final class PathRegexTests: XCTestCase {
    func groups(_ pattern: String, _ subject: String, ci: Bool = false) throws -> [String]? {
        let re = try PathRegex(pattern, caseInsensitive: ci)
        let bytes = Array(subject.utf8)
        guard let m = re.firstMatch(in: bytes) else { return nil }
        return (0...re.captureCount).map { m.group($0, in: bytes) }
    }

    func testLiteralsAnchorsAndSearch() throws {
        XCTAssertEqual(try groups("^/api", "/api/v1"), ["/api"])
        XCTAssertNil(try groups("^/api", "/x/api"))
        XCTAssertEqual(try groups("/api", "/x/api"), ["/api"])        // unanchored search
        XCTAssertEqual(try groups("^/a$", "/a"), ["/a"])
        XCTAssertNil(try groups("^/a$", "/ab"))
    }

    func testDotClassesAndEscapes() throws {
        XCTAssertEqual(try groups("^/v1.0", "/v1x0"), ["/v1x0"])
        XCTAssertNil(try groups("^/v1\\.0", "/v1x0"))
        XCTAssertEqual(try groups("^/img/[a-z]{3}", "/img/new"), ["/img/new"])
        XCTAssertNil(try groups("^/img/[a-z]{3}", "/img/ab"))
        XCTAssertEqual(try groups("^/u/\\d+", "/u/123x"), ["/u/123"])
        XCTAssertEqual(try groups("^/u/[^/]+", "/u/abc/def"), ["/u/abc"])
        XCTAssertEqual(try groups("^\\/a\\w\\s?", "/ab c"), ["/ab "])
        XCTAssertEqual(try groups("^/[-a-c_]+", "/-_ab!"), ["/-_ab"])
    }

    func testGroupsAlternationAndCaptures() throws {
        XCTAssertEqual(try groups("/docs(/|$)(.*)", "/docs"), ["/docs", "", ""])
        XCTAssertEqual(try groups("/docs(/|$)(.*)", "/docs/intro/a"), ["/docs/intro/a", "/", "intro/a"])
        XCTAssertEqual(try groups("^/a|/b", "/x/b"), ["/b"])             // `^` binds to the first branch only
        XCTAssertEqual(try groups("^(?:/a|/b)(x)?", "/b"), ["/b", ""])
        XCTAssertEqual(try groups("^/(?<ver>v[0-9])/(.*)", "/v2/x"), ["/v2/x", "v2", "x"])
    }

    func testQuantifiersGreedyAndLazy() throws {
        XCTAssertEqual(try groups("^/(.*)/", "/a/b/c"), ["/a/b/", "a/b"])
        XCTAssertEqual(try groups("^/(.*?)/", "/a/b/c"), ["/a/", "a"])
        XCTAssertEqual(try groups("^/a{2,3}", "/aaaa"), ["/aaa"])
        XCTAssertEqual(try groups("^/a{2,}", "/aaaa"), ["/aaaa"])
        XCTAssertNil(try groups("^/a{2}b", "/ab"))
        XCTAssertEqual(try groups("^/x{", "/x{"), ["/x{"])                // `{` not a quantifier: literal, as PCRE
        XCTAssertEqual(try groups("^/a+?", "/aaa"), ["/a"])
    }

    func testCaseInsensitiveMode() throws {
        XCTAssertEqual(try groups("^/titles", "/Titlesmith", ci: true), ["/Titles"])
        XCTAssertNil(try groups("^/titles", "/Titlesmith"))
        XCTAssertEqual(try groups("(?i)/V/([a-z]+)", "/v/CAT"), ["/v/CAT", "CAT"])
        XCTAssertEqual(try groups("^/[a-c]+", "/ABC", ci: true), ["/ABC"])
    }

    func testPatternsNginxRejects() {
        let bad: [(String, String)] = [
            ("/api(/|$", "missing closing parenthesis"),
            ("/api)", "unmatched closing parenthesis"),
            ("/a|*x", "quantifier does not follow a repeatable item"),
            ("*", "quantifier does not follow a repeatable item"),
            ("/a**", "quantifier does not follow a repeatable item"),
            ("/[a-z", "missing terminating ]"),
            ("/a{3,2}", "numbers out of order"),
            ("/[z-a]", "range out of order"),
            ("/\\q", "unrecognized character follows \\"),
        ]
        for (p, message) in bad {
            XCTAssertThrowsError(try PathRegex(p), p) { e in
                guard let err = e as? PathRegexError, case .rejected(_, _, let m) = err else { return XCTFail("\(p): \(e)") }
                XCTAssertTrue(m.contains(message), "\(p): \(m)")
                XCTAssertTrue(err.isRejectedByNginx)
            }
        }
    }

    func testUnsupportedPCREIsNotCalledInvalid() {
        for p in ["/(?=x)", "/a\\1", "/a++", "/[[:alpha:]]", "\\bword"] {
            XCTAssertThrowsError(try PathRegex(p), p) { e in
                guard let err = e as? PathRegexError, case .unsupported = err else { return XCTFail("\(p): \(e)") }
            }
        }
    }

    func testNoRunawayOnPathologicalPatterns() throws {
        let re = try PathRegex("^(a*)*b$")
        XCTAssertNil(re.firstMatch(in: String(repeating: "a", count: 5000)))
        let re2 = try PathRegex("(x+x+)+y")
        XCTAssertNil(re2.firstMatch(in: String(repeating: "x", count: 2000)))
        XCTAssertTrue(re.matches("aaab"))
    }

    func testWholeMatchForGatewayRegex() throws {
        XCTAssertTrue(try PathRegex("/api/v[0-9]+").matchesWhole("/api/v12"))
        XCTAssertFalse(try PathRegex("/api/v[0-9]+").matchesWhole("/api/v12/x"))
        XCTAssertFalse(try PathRegex("/a|/b").matchesWhole("/ab"))
    }
}
