import ClusterModel
import Foundation
import TestSupport
import XCTest

/// Never a trap on any input: truncated and mutated versions of every demo manifest, the
/// kubectl dumps, the diagnostics fixture and a generated cluster are loaded; each must
/// come back as a Cluster (with diagnostics), never crash. Deterministic mutations, bounded
/// in count and time.
final class FuzzTests: XCTestCase {
    /// Inputs: (path, bytes).
    func corpus() -> [(String, [UInt8])] {
        var out: [(String, [UInt8])] = []
        for (_, files) in demoSourceFiles() { for f in files { out.append((f.path, f.bytes)) } }
        for p in KubectlDumpTests.dumpPaths { if let t = fixture(p) { out.append((p, Array(t.utf8))) } }
        out.append(("diag/a.yaml", Array(DiagnosticsTests.manifest.utf8)))
        for (p, t) in ReconcilerTests.files { out.append((p, Array(t.utf8))) }
        var generated = ""
        SyntheticListWriter.write(SyntheticCluster(nodes: 2, podsPerNode: 2, services: 2, endpointsPerService: 2, ingresses: 1)) { buf in generated += buf; buf = "" }
        out.append(("generated.json", Array(generated.utf8)))
        return out
    }

    /// A small deterministic PRNG (xorshift64*).
    struct Rng { var s: UInt64; mutating func next() -> UInt64 { s ^= s >> 12; s ^= s << 25; s ^= s >> 27; return s &* 2685821657736338717 } }

    static let budget: TimeInterval = 90
    /// About 5,000 variants in all, at least 100 per file.
    static let totalVariants = 5000

    func testTruncatedAndMutatedInputsNeverTrap() {
        let started = Date()
        var rng = Rng(s: 0x9E3779B97F4A7C15)
        var variants = 0
        var truncatedJSONWithoutError: [String] = []
        let interesting: [UInt8] = [0x00, 0x0A, 0x20, 0x22, 0x2C, 0x2D, 0x3A, 0x5B, 0x5D, 0x7B, 0x7D, 0x23, 0x26, 0x2A, 0x7C, 0x3E, 0x27, 0xFF, 0xC3]
        let inputs = corpus()
        let perFile = max(100, Self.totalVariants / max(inputs.count, 1))
        for (path, bytes) in inputs where !bytes.isEmpty {
            if Date().timeIntervalSince(started) > Self.budget { break }
            let isJSON = path.hasSuffix(".json")
            let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
            for k in 0..<perFile {
                var m = bytes
                var what = ""
                switch k % 5 {
                case 0:   // truncate
                    let cut = Int(rng.next() % UInt64(bytes.count))
                    m = Array(bytes[..<cut]); what = "truncated at \(cut)"
                case 1:   // flip bytes
                    for _ in 0..<(1 + Int(rng.next() % 4)) {
                        let at = Int(rng.next() % UInt64(m.count))
                        m[at] = interesting[Int(rng.next() % UInt64(interesting.count))]
                    }
                    what = "bytes flipped"
                case 2:   // swap two lines
                    var l = lines
                    if l.count > 1 { l.swapAt(Int(rng.next() % UInt64(l.count)), Int(rng.next() % UInt64(l.count))) }
                    m = Array(l.joined(separator: [0x0A])); what = "lines swapped"
                case 3:   // delete lines
                    var l = lines
                    for _ in 0..<(1 + Int(rng.next() % 3)) where !l.isEmpty { l.remove(at: Int(rng.next() % UInt64(l.count))) }
                    m = Array(l.joined(separator: [0x0A])); what = "lines deleted"
                default:  // duplicate a slice (repeated keys, documents)
                    let a = Int(rng.next() % UInt64(bytes.count)), b = min(bytes.count, a + Int(rng.next() % 200))
                    m.insert(contentsOf: bytes[a..<b], at: Int(rng.next() % UInt64(bytes.count))); what = "slice duplicated"
                }
                let c = ClusterLoader.load(files: [SourceFile(path: path, bytes: m)], name: "fuzz")
                variants += 1
                // A JSON file cut before its last closing brace cannot be complete JSON.
                if isJSON, k % 5 == 0, let last = bytes.lastIndex(of: UInt8(ascii: "}")), m.count <= last,
                   m.contains(where: { $0 != 0x20 && $0 != 0x0A }), !c.diagnostics.contains(where: { $0.code == "json-syntax" }) {
                    truncatedJSONWithoutError.append("\(path) \(what)")
                }
                _ = c.diagnostics.map(\.description)
            }
        }
        XCTAssertGreaterThan(variants, 2000, "the corpus should give hundreds of variants")
        XCTAssertEqual(truncatedJSONWithoutError, [], "every truncated JSON file must report a JSON syntax error")
        print("fuzz: \(variants) variants in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
    }

    func testDegenerateInputs() {
        for text in ["", "---", "--- \n---\n", "null", "[]", "42", "{}", "[1,2", "{\"items\": 5}", "{\"kind\": \"List\", \"items\": [null, 3, {}]}",
                     "apiVersion: v1\nkind: List\nitems: [5]", "\u{FEFF}apiVersion: v1", "a: *unknown", "- - - - -", String(repeating: "[", count: 5000),
                     String(repeating: "- ", count: 3000) + "x", "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: 99999999999999999999}]}"] {
            for name in ["x.yaml", "x.json"] {
                let c = loadCluster(text, file: name)
                _ = c.diagnostics.map(\.description)
            }
        }
    }
}
