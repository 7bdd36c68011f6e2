import sys

from aic_dash.cli import main

sys.exit(main())
