from express_lex.cli import main

main()
