import KubewalkCLI

KubewalkCommand.main()
