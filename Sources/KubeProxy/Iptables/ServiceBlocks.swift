import Dispatch

extension IptablesProxier {
    /// Service ports per chunk when the blocks are written in parallel.
    static let serviceChunk = 1024

    /// Writes every Service port's block, in port order. A large cluster's ports are split
    /// into chunks written in parallel, each into its own buffers, which are then joined in
    /// chunk order: the payload is byte for byte what one pass in order writes.
    func writeServices(_ ports: [ProxyServicePort], large: Bool, into b: inout RestoreSections) {
        let n = ports.count, chunk = IptablesProxier.serviceChunk
        guard n >= 2 * chunk else {
            for port in ports { writeService(port, large: large, into: &b) }
            return
        }
        var parts = [RestoreSections](repeating: RestoreSections(), count: (n + chunk - 1) / chunk)
        parts.withUnsafeMutableBufferPointer { buffer in
            guard let address = buffer.baseAddress else { return }
            let slots = SectionSlots(base: address)
            // Each iteration writes only its own slot.
            DispatchQueue.concurrentPerform(iterations: buffer.count) { c in
                var local = RestoreSections()
                for i in (c * chunk)..<min(n, (c + 1) * chunk) { writeService(ports[i], large: large, into: &local) }
                slots.store(c, local)
            }
        }
        for p in parts {
            b.filterChains += p.filterChains
            b.filterRules += p.filterRules
            b.natChains += p.natChains
            b.natRules += p.natRules
        }
    }
}

/// The per-chunk buffers shared by the parallel writers; each chunk writes a disjoint slot.
struct SectionSlots: @unchecked Sendable {
    let base: UnsafeMutablePointer<RestoreSections>
    func store(_ i: Int, _ s: RestoreSections) { (base + i).pointee = s }
}
