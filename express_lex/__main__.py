from express_lex.cli.app import main

main()
