/*
 * cckit.c - main(): git-style dispatch to the subcommands.
 *
 * Adding a subcommand: write src/cli/cmd_NAME.c with cmd_NAME() and
 * cmd_NAME_help(), declare them in cli.h, add a row below, the file to
 * cckit_SOURCES in Makefile.am, and a section to doc/cckit.1.
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

const cli_command cli_commands[] = {
    { "info", "describe a cartridge: version, title, organization, resources",
      cmd_info, cmd_info_help },
    { "ls", "list the entries of a cartridge with sizes and compression",
      cmd_ls, cmd_ls_help },
    { "pack", "make a cartridge from a folder (and an optional outline)",
      cmd_pack, cmd_pack_help },
    { "unpack", "extract a cartridge into a folder, safely",
      cmd_unpack, cmd_unpack_help },
    { "validate", "check cartridges against the CC specification of their version",
      cmd_validate, cmd_validate_help },
    { "rules", "list the validator's diagnostic codes and rules",
      cmd_rules, cmd_rules_help },
    { "convert", "rewrite a cartridge for another CC version, with a loss report",
      cmd_convert, cmd_convert_help },
    { "help", "show help for cckit or one command",
      cmd_help, cmd_help_help },
};
const size_t cli_n_commands = sizeof cli_commands / sizeof cli_commands[0];

const cli_command *cli_find_command(const char *name)
{
    for (size_t i = 0; i < cli_n_commands; i++)
        if (strcmp(cli_commands[i].name, name) == 0)
            return &cli_commands[i];
    return NULL;
}

void cli_general_usage(FILE *out)
{
    fputs("Usage: cckit COMMAND [OPTIONS] [ARGS]\n"
          "       cckit --version | --help\n"
          "\n"
          "cckit reads IMS Common Cartridge packages (.imscc files or unpacked\n"
          "folders, CC 1.0-1.4 and Thin CC).\n"
          "\n"
          "Commands:\n", out);
    for (size_t i = 0; i < cli_n_commands; i++)
        fprintf(out, "  %-8s %s\n", cli_commands[i].name, cli_commands[i].summary);
    fputs("\n"
          "Run 'cckit COMMAND --help' for the options of a command, or see cckit(1).\n"
          "Exit status: 0 success, 1 the input is not a readable or safe cartridge,\n"
          "2 usage error.\n", out);
}

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
    if (arg[0] == '-')
        return cli_usage_error(NULL, "unknown option '%s' (options go after the command)", arg);

    const cli_command *cmd = cli_find_command(arg);
    if (cmd == NULL) {
        fprintf(stderr, "cckit: '%s' is not a cckit command.\n\n", arg);
        cli_general_usage(stderr);
        return CLI_EXIT_USAGE;
    }
    return cli_finish_stdout(cmd->run(argc - 1, argv + 1));
}
