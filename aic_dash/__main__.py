import sys

from aic_dash.cli.main import main

sys.exit(main())
