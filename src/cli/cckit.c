/*
 * cckit.c - main(): git-style dispatch to the subcommands.
 *
 * Adding a subcommand: write src/cli/cmd_NAME.c with cmd_NAME() and
 * cmd_NAME_help(), declare them in cli.h, add a row to the table of
 * commands.c, the file to cckit_SOURCES in Makefile.am, and a section to
 * doc/cckit.1.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>
#include <string.h>

#include "cli.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "0.1.0"
#endif

static int print_version(void)
{
    printf("cckit %s (libcckit %s)\n", PACKAGE_VERSION, cckit_version());
    return cli_finish_stdout(CLI_EXIT_OK);
}

int main(int argc, char **argv)
{
    /* Without TZ, glibc re-reads /etc/localtime on every mktime(), and
     * libzip converts each entry's date: 40,000 file look-ups when
     * opening a 20,000-entry archive.  Reading it once is the same zone. */
    if (!getenv("TZ"))
        setenv("TZ", ":/etc/localtime", 0);
    if (argc < 2) {
        cli_general_usage(stderr);
        return CLI_EXIT_USAGE;
    }
    const char *arg = argv[1];
    if (strcmp(arg, "--version") == 0 || strcmp(arg, "-V") == 0 ||
        strcmp(arg, "version") == 0)
        return argc == 2 ? print_version()
                         : cli_usage_error(NULL, "--version takes no arguments");
    if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0)
        return cmd_help(argc - 1, argv + 1);
    if (strcmp(arg, "help") == 0)
        return cli_finish_stdout(cmd_help(argc - 1, argv + 1));
    if (arg[0] == '-')
        return cli_usage_error(NULL, "unknown option '%s' (options go after the command)", arg);

    const cli_command *cmd = cli_find_command(arg);
    if (cmd == NULL) {
        const char *near = cli_closest_command(arg);
        if (near) {
            fprintf(stderr, "cckit: '%s' is not a cckit command. Did you mean '%s'?\n"
                    "Try 'cckit help' for the list of commands.\n", arg, near);
            return CLI_EXIT_USAGE;
        }
        fprintf(stderr, "cckit: '%s' is not a cckit command.\n\n", arg);
        cli_general_usage(stderr);
        return CLI_EXIT_USAGE;
    }
    return cli_finish_stdout(cmd->run(argc - 1, argv + 1));
}
