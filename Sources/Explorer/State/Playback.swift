/// The animation clock of a request: where the packet is, as a function of time.
///
/// Progress is measured in hops: the packet reaches hop `i` at progress `i + travel`,
/// waits there (the decision is on screen long enough to read it) until `i + 1`. While
/// playing, progress grows at `speed / secondsPerHop` per second from an anchor
/// (time, progress); pausing or stepping re-anchors. Nothing here reads a clock.
public struct Playback: Hashable, Sendable {
    public var playing = false
    public var speed: Double = 1
    public var anchorTime: Double = 0
    public var anchorProgress: Double = 0

    /// Seconds one hop takes at speed 1: travel then a pause to read.
    public static let secondsPerHop: Double = 2.5
    /// The share of a hop spent travelling; the rest is the pause at the hop.
    public static let travelShare: Double = 0.3
    public static let speeds: [Double] = [0.25, 0.5, 1, 2, 4]

    public init() {}

    /// Progress at `now`, clamped to the last hop's pause.
    public func progress(at now: Double, hopCount: Int) -> Double {
        let end = Double(max(hopCount, 1)) - 0.001
        guard playing else { return min(anchorProgress, end) }
        let p = anchorProgress + max(0, now - anchorTime) * speed / Playback.secondsPerHop
        return min(p, end)
    }

    public func hopIndex(at now: Double, hopCount: Int) -> Int {
        max(0, min(hopCount - 1, Int(progress(at: now, hopCount: hopCount))))
    }

    /// True while frames change with time (playing and not yet at the end).
    public func isAnimating(at now: Double, hopCount: Int) -> Bool {
        playing && progress(at: now, hopCount: hopCount) < Double(hopCount) - 0.002
    }

    /// Starts from the first hop, playing.
    public mutating func restart(at now: Double) {
        anchorTime = now
        anchorProgress = 0
        playing = true
    }

    public mutating func togglePlay(at now: Double, hopCount: Int) {
        let p = progress(at: now, hopCount: hopCount)
        anchorProgress = p >= Double(hopCount) - 0.01 ? 0 : p
        anchorTime = now
        playing.toggle()
    }

    /// Steps to hop `index`, paused at its decision.
    public mutating func jump(to index: Int, at now: Double, hopCount: Int) {
        let i = max(0, min(hopCount - 1, index))
        anchorProgress = Double(i) + Playback.travelShare
        anchorTime = now
        playing = false
    }

    public mutating func changeSpeed(faster: Bool, at now: Double, hopCount: Int) {
        anchorProgress = progress(at: now, hopCount: hopCount)
        anchorTime = now
        let idx = Playback.speeds.firstIndex(of: speed) ?? 2
        speed = Playback.speeds[max(0, min(Playback.speeds.count - 1, idx + (faster ? 1 : -1)))]
    }
}
