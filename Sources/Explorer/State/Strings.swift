/// The explorer's own words, in English and Korean (the help overlay and the status bar
/// follow `--lang` / `:lang`).
public struct Strings: Sendable {
    public let language: Language

    public init(_ language: Language) { self.language = language }

    func t(_ en: String, _ ko: String) -> String { language == .ko ? ko : en }

    var map: String { t("Map", "맵") }
    var steps: String { t("Steps", "단계") }
    var detail: String { t("Detail", "상세") }
    var services: String { t("Services", "서비스") }
    var help: String { t("Help", "도움말") }
    var walkthrough: String { t("Walkthrough", "따라하기") }
    var noTrace: String { t("No request yet. Select a pod and press t, or type :trace", "아직 요청이 없습니다. 파드를 고르고 t를 누르거나 :trace 를 입력하세요") }
    var modeMap: String { t("map", "맵") }
    var modeTrace: String { t("trace", "추적") }
    var modeCommand: String { t("command", "명령") }
    var modeFilter: String { t("filter", "필터") }
    var modeHelp: String { t("help", "도움말") }
    var modeWalkthrough: String { t("walkthrough", "따라하기") }
    var tooSmall: String { t("terminal too small", "터미널이 너무 작습니다") }
    var needs: String { t("kubewalk needs at least", "kubewalk 최소 크기") }
    var before: String { t("before", "이전") }
    var after: String { t("after", "이후") }
    var decision: String { t("decision", "결정") }
    var why: String { t("why", "이유") }
    var alternatives: String { t("alternatives", "다른 경우") }
    var outcome: String { t("outcome", "결과") }
    var external: String { t("outside the cluster", "클러스터 외부") }
    var entry: String { t("entry", "진입점") }
    var ready: String { t("ready", "준비됨") }
    var notReady: String { t("not ready", "준비 안 됨") }
    var endpoints: String { t("endpoints", "엔드포인트") }
    var filterLabel: String { t("filter", "필터") }
    var paused: String { t("paused", "일시정지") }
    var playing: String { t("playing", "재생 중") }
    var speed: String { t("speed", "속도") }
    var step: String { t("step", "단계") }
    var nodesCollapsed: String { t("nodes (collapsed: Enter zooms, c expands)", "노드 (접힘: Enter 확대, c 펼치기)") }

    /// Short key hints for the status bar, per situation.
    func statusKeys(tracing: Bool, walkthrough: Bool) -> String {
        var parts: [String] = []
        if walkthrough { parts.append(t("PgDn/PgUp lesson", "PgDn/PgUp 수업")) }
        if tracing {
            parts.append(t("Space next  p prev  a play  +/- speed  o outcome", "Space 다음  p 이전  a 재생  +/- 속도  o 다른 결과"))
        } else {
            parts.append(t("t trace  Enter open  / filter", "t 추적  Enter 열기  / 필터"))
        }
        parts.append(t(": cmd  ? help  q quit", ": 명령  ? 도움말  q 종료"))
        return parts.joined(separator: "  ")
    }

    /// Every key, for the help overlay: (keys, what they do).
    var helpEntries: [(String, String)] {
        [
            ("←↓↑→ h j k l", t("move the selection", "선택 이동")),
            ("Tab / BTab", t("next / previous pane", "다음 / 이전 창")),
            ("Enter", t("open: zoom to a node, show detail", "열기: 노드 확대, 상세 보기")),
            ("Esc", t("back: close, unzoom, clear", "뒤로: 닫기, 확대 해제")),
            ("PgUp PgDn Home End", t("scroll the map / pane", "맵/창 스크롤")),
            ("c", t("collapse / expand node boxes", "노드 상자 접기 / 펼치기")),
            ("g", t("group nodes: none, role", "노드 묶기: 없음, 역할")),
            ("/", t("filter: name, ns:NAME, label k=v", "필터: 이름, ns:이름, 레이블 k=v")),
            ("t", t("trace from the selected pod or client", "선택한 파드/클라이언트에서 추적")),
            ("Space n", t("next hop", "다음 홉")),
            ("p BSpace", t("previous hop", "이전 홉")),
            ("a", t("play / pause the animation", "애니메이션 재생 / 일시정지")),
            ("+ -", t("faster / slower", "빠르게 / 느리게")),
            ("r", t("restart the request", "요청 다시 시작")),
            ("o", t("next outcome (another endpoint)", "다음 결과 (다른 엔드포인트)")),
            ("PgDn PgUp ] [", t("walkthrough: next / previous step", "따라하기: 다음 / 이전 단계")),
            (":", t("command line (Tab completes, ↑↓ history)", "명령줄 (Tab 완성, ↑↓ 기록)")),
            ("?", t("this help", "이 도움말")),
            ("C-l", t("redraw the screen", "화면 다시 그리기")),
            ("q", t("quit", "종료")),
        ]
    }

    var commandEntries: [(String, String)] {
        [
            (":trace --from NS/POD URL", t("trace a request", "요청 추적")),
            (":dns --from NS/POD NAME", t("resolve a name", "이름 해석")),
            (":http URL", t("which Ingress/Gateway rule wins", "어느 Ingress/Gateway 규칙이 이기는지")),
            (":node NAME", t("zoom to a node", "노드 확대")),
            (":get pods -A", t("list objects", "객체 목록")),
            (":cluster NAME-OR-PATH", t("open another cluster", "다른 클러스터 열기")),
            (":theme NAME  :lang en|ko", t("theme, language", "테마, 언어")),
            (":walkthrough  :q", t("start the lesson, quit", "수업 시작, 종료")),
        ]
    }
}
