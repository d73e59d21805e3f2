"""argparse: the options a script reads from its command line."""
