import KubewalkCLI

await KubewalkCommand.main()
