/*
 * commands.c - the table of subcommands, the lookup in it and the general
 * usage that lists them.  `help` is not a row: it reads the table
 * (cmd_help.c), and main() dispatches it, so that no file calls back the
 * one that calls it.
 */
#include <string.h>

#include "cli.h"

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
    { "compat", "will it import? a verdict and a ledger per LMS (import models)",
      cmd_compat, cmd_compat_help },
    { "profile", "characterize cartridges (no content), or merge characterizations",
      cmd_profile, cmd_profile_help },
    { "verify", "check cartridges stay within a characterization",
      cmd_verify, cmd_verify_help },
    { "compare", "compare a provider's characterization with a consumer's",
      cmd_compare, cmd_compare_help },
    { "repair", "write a cartridge with the safe fixes, each listed",
      cmd_repair, cmd_repair_help },
    { "preview", "a static, offline site of a cartridge, as a learner sees it",
      cmd_preview, cmd_preview_help },
    { "diff", "what changed between two cartridges, by meaning (exit 1 if any)",
      cmd_diff, cmd_diff_help },
    { "minimise", "an anonymised copy with the same structure and findings, for bug reports",
      cmd_minimise, cmd_minimise_help },
    { "report", "summarise batch runs (JSON Lines, state databases), or merge them",
      cmd_report, cmd_report_help },
};
const size_t cli_n_commands = sizeof cli_commands / sizeof cli_commands[0];

const cli_command *cli_find_command(const char *name)
{
    for (size_t i = 0; i < cli_n_commands; i++)
        if (strcmp(cli_commands[i].name, name) == 0)
            return &cli_commands[i];
    return NULL;
}

const char *cli_closest_command(const char *name)
{
    const char *names[sizeof cli_commands / sizeof cli_commands[0]];
    for (size_t i = 0; i < cli_n_commands; i++)
        names[i] = cli_commands[i].name;
    return cckit_closest(name, names, cli_n_commands);
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
    fprintf(out, "  %-8s %s\n", "help", CLI_HELP_SUMMARY);
    fputs("\n"
          "Run 'cckit COMMAND --help' for the options of a command, or see cckit(1).\n"
          "Exit status: 0 success, 1 the input is not a readable or safe cartridge,\n"
          "2 usage error.\n", out);
}
