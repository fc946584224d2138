from stances.cli import main

raise SystemExit(main())
