import { Command, type Command as CommandType } from 'commander';
import { CliError, EXIT } from '../cli-error.js';

/**
 * `deskwire completion bash|zsh`: a static script generated from the command tree (commander has
 * no completion of its own). It completes command names, subcommands and each command's flags.
 */
// biome-ignore-start lint/suspicious/noTemplateCurlyInString: shell parameter expansions, not templates
export function completionCommand(root: () => CommandType): Command {
  return new Command('completion')
    .description('Print a shell completion script (bash or zsh)')
    .argument('<shell>', 'bash or zsh')
    .addHelpText(
      'after',
      '\nExample:\n  deskwire completion bash > ~/.local/share/bash-completion/completions/deskwire\n  deskwire completion zsh > "${fpath[1]}/_deskwire"\n',
    )
    .action((shell: string) => {
      if (shell !== 'bash' && shell !== 'zsh')
        throw new CliError('USAGE', `shell '${shell}' is not bash or zsh`, EXIT.usage);
      process.stdout.write(script(root(), shell));
    });
}
// biome-ignore-end lint/suspicious/noTemplateCurlyInString: shell parameter expansions, not templates

/** "path words" (e.g. "ticket get") → the words that may follow. */
function table(command: CommandType, path: string[] = [], out = new Map<string, string[]>()): Map<string, string[]> {
  const words = [
    ...command.commands.map((c) => c.name()),
    ...command.options.flatMap((o) => [o.long, o.short].filter((f): f is string => f !== undefined)),
    '--help',
  ];
  out.set(path.join(' '), words);
  for (const sub of command.commands) table(sub, [...path, sub.name()], out);
  return out;
}

function script(root: CommandType, shell: 'bash' | 'zsh'): string {
  const entries = [...table(root)].map(([path, words]) => `    "${path}") words="${words.join(' ')}" ;;`);
  // biome-ignore-start lint/suspicious/noTemplateCurlyInString: shell parameter expansions, not templates
  const body = [
    '_deskwire() {',
    '  local cur path="" w words',
    '  cur="${COMP_WORDS[COMP_CWORD]}"',
    '  for w in "${COMP_WORDS[@]:1:COMP_CWORD-1}"; do',
    '    case "$w" in -*) ;; *) case " $(_deskwire_words "${path# }") " in *" $w "*) path="$path $w" ;; esac ;; esac',
    '  done',
    '  words="$(_deskwire_words "${path# }")"',
    '  COMPREPLY=( $(compgen -W "$words" -- "$cur") )',
    '}',
    '_deskwire_words() {',
    '  local words=""',
    '  case "$1" in',
    ...entries,
    '  esac',
    '  printf "%s" "$words"',
    '}',
  ];
  // biome-ignore-end lint/suspicious/noTemplateCurlyInString: shell parameter expansions, not templates
  if (shell === 'bash')
    return `# bash completion for deskwire\n${body.join('\n')}\ncomplete -o default -F _deskwire deskwire\n`;
  return `#compdef deskwire\n# zsh completion for deskwire (bash completion through bashcompinit)\nautoload -U +X bashcompinit && bashcompinit\n${body.join('\n')}\ncomplete -o default -F _deskwire deskwire\n`;
}
