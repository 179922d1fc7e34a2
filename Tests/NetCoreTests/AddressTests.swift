import NetCore
import XCTest

final class AddressTests: XCTestCase {
    func testIPv4ParsesDottedQuadOnly() {
        XCTAssertEqual(IPv4Address("10.244.1.5")?.description, "10.244.1.5")
        XCTAssertEqual(IPv4Address("0.0.0.0")?.value, 0)
        XCTAssertEqual(IPv4Address("255.255.255.255")?.value, UInt32.max)
        for bad in ["", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1..2.3", "010.1.1.1", "1.2.3.4 ", "a.b.c.d", "1.2.3.-4", ".1.2.3", "1.2.3.4."] {
            XCTAssertNil(IPv4Address(bad), "accepted \(bad)")
        }
    }

    func testIPv6ParsesAndPrintsRFC5952() {
        XCTAssertEqual(IPv6Address("fd00:0:0:0:0:0:0:1")?.description, "fd00::1")
        XCTAssertEqual(IPv6Address("::")?.description, "::")
        XCTAssertEqual(IPv6Address("::1")?.description, "::1")
        XCTAssertEqual(IPv6Address("2001:db8::")?.description, "2001:db8::")
        XCTAssertEqual(IPv6Address("2001:DB8:0:1:0:0:0:1")?.description, "2001:db8:0:1::1")
        XCTAssertEqual(IPv6Address("::ffff:10.0.0.1")?.description, "::ffff:a00:1")
        for bad in ["1::2::3", ":1", "12345::", "g::1", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7"] {
            XCTAssertNil(IPv6Address(bad), "accepted \(bad)")
        }
    }

    func testIPAddressPortFormatting() {
        XCTAssertEqual(IPAddress("10.0.0.1")?.withPort(80), "10.0.0.1:80")
        XCTAssertEqual(IPAddress("fd00::1")?.withPort(80), "[fd00::1]:80")
    }

    func testPrefixContainsAndCanonical() throws {
        let p = try XCTUnwrap(IPPrefix("10.244.0.0/16"))
        XCTAssertTrue(p.contains(try XCTUnwrap(IPAddress("10.244.255.1"))))
        XCTAssertFalse(p.contains(try XCTUnwrap(IPAddress("10.245.0.1"))))
        XCTAssertFalse(try XCTUnwrap(IPPrefix("10.244.1.7/24")).isCanonical)
        XCTAssertEqual(try XCTUnwrap(IPPrefix("10.244.1.7/24")).canonical.description, "10.244.1.0/24")
        XCTAssertNil(IPPrefix("10.0.0.0/33"))
        XCTAssertNil(IPPrefix("10.0.0.0"))
        XCTAssertEqual(IPPrefix("10.0.0.1", bareAddressAllowed: true)?.description, "10.0.0.1/32")
        XCTAssertTrue(try XCTUnwrap(IPPrefix("0.0.0.0/0")).contains(try XCTUnwrap(IPAddress("8.8.8.8"))))
        XCTAssertTrue(try XCTUnwrap(IPPrefix("fd00::/64")).contains(try XCTUnwrap(IPAddress("fd00::abcd"))))
    }

    func testSubnetsCarveConsecutiveBlocks() throws {
        let p = try XCTUnwrap(IPPrefix("10.244.0.0/16"))
        XCTAssertEqual(p.subnet(length: 24, index: 0)?.description, "10.244.0.0/24")
        XCTAssertEqual(p.subnet(length: 24, index: 2)?.description, "10.244.2.0/24")
        XCTAssertNil(p.subnet(length: 24, index: 256))
        XCTAssertEqual(p.address(at: 10)?.description, "10.244.0.10")
        XCTAssertEqual(try XCTUnwrap(IPPrefix("10.96.0.0/12")).size, 1 << 20)
        XCTAssertTrue(try XCTUnwrap(IPPrefix("10.244.1.0/24")).overlaps(p))
        XCTAssertFalse(try XCTUnwrap(IPPrefix("10.245.1.0/24")).overlaps(p))
    }

    func testPortRange() {
        XCTAssertEqual(PortRange("30000-32767"), PortRange(lower: 30000, upper: 32767))
        XCTAssertNil(PortRange("32767-30000"))
        XCTAssertNil(PortRange("1-70000"))
        XCTAssertEqual(PortRange("30000-32767")?.count, 2768)
    }
}

final class HashTests: XCTestCase {
    func testSHA256KnownVectors() {
        XCTAssertEqual(SHA256.hex(Array("".utf8)), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex(Array(String(repeating: "a", count: 1000).utf8)),
                       "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    func testBase32MatchesRFC4648() {
        XCTAssertEqual(Base32.encode(Array("foobar".utf8)), "MZXW6YTBOI======")
        XCTAssertEqual(Base32.encode(Array("f".utf8)), "MY======")
    }

    /// The recipe of kube-proxy's chain names (reference §4) with its published vector.
    func testKubeProxyChainHashRecipe() {
        let h = Base32.encode(SHA256.hash(Array("kube-system/kube-dns:dnsudp".utf8))).prefix(16)
        XCTAssertEqual("KUBE-SVC-\(h)", "KUBE-SVC-TCOU7JCQXEZGVUNU")
    }
}
