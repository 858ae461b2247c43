from indexcel.cli import main

main()
