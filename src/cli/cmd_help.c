/*
 * cmd_help.c - `cckit help [COMMAND]`.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "cli.h"

void cmd_help_help(FILE *out)
{
    fputs("Usage: cckit help [COMMAND]\n"
          "\n"
          "Without COMMAND, list the commands; with one, show its options\n"
          "(the same as 'cckit COMMAND --help').  The manual page cckit(1)\n"
          "has the details.\n", out);
}

int cmd_help(int argc, char **argv)
{
    static const cli_command self = { "help", NULL, cmd_help, cmd_help_help };
    cli_opts o;
    int first;
    cli_opts_init(&o);
    int rc = cli_parse(argc, argv, &self, 0, NULL, NULL, NULL, NULL, &o, &first);
    if (rc >= 0)
        return rc;
    if (argc - first > 1)
        return cli_usage_error(&self, "too many arguments");
    if (argc - first == 0) {
        cli_general_usage(stdout);
        return CLI_EXIT_OK;
    }
    if (strcmp(argv[first], "help") == 0) {
        cmd_help_help(stdout);
        return CLI_EXIT_OK;
    }
    const cli_command *cmd = cli_find_command(argv[first]);
    if (cmd == NULL) {
        const char *near = cli_closest_command(argv[first]);
        if (near)
            return cli_usage_error(&self, "'%s' is not a cckit command (did you mean '%s'?)",
                                   argv[first], near);
        return cli_usage_error(&self, "'%s' is not a cckit command", argv[first]);
    }
    cmd->help(stdout);
    return CLI_EXIT_OK;
}
