namespace Recorder.Host.Commands;

/// <summary>
/// The options of an operator command: <c>--name value</c>, <c>--name=value</c> and bare <c>--flag</c>s. Arguments that
/// configure the host instead (<c>--Section:Key=value</c>, as for every command) are left to the configuration.
/// </summary>
internal sealed class CommandArguments
{
    private readonly Dictionary<string, string?> _given = new(StringComparer.Ordinal);

    private CommandArguments()
    {
    }

    /// <summary>Null when the arguments hold an unknown option, a value missing or an option given twice (<paramref name="problem"/> says which).</summary>
    public static CommandArguments? Parse(IReadOnlyList<string> args, IReadOnlyCollection<string> flags, IReadOnlyCollection<string> options, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(flags);
        ArgumentNullException.ThrowIfNull(options);
        var parsed = new CommandArguments();
        problem = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                problem = $"unexpected argument '{arg}'";
                return null;
            }

            var separator = arg.IndexOf('=', StringComparison.Ordinal);
            var name = separator < 0 ? arg[2..] : arg[2..separator];
            if (name.Contains(':', StringComparison.Ordinal))
            {
                // A configuration override; its value is the next argument unless given with '='.
                i += separator < 0 ? 1 : 0;
                continue;
            }

            string? value = null;
            if (flags.Contains(name))
            {
                if (separator >= 0)
                {
                    problem = $"--{name} takes no value";
                    return null;
                }
            }
            else if (options.Contains(name))
            {
                value = separator >= 0 ? arg[(separator + 1)..] : i + 1 < args.Count ? args[++i] : null;
                if (string.IsNullOrWhiteSpace(value))
                {
                    problem = $"--{name} needs a value";
                    return null;
                }
            }
            else
            {
                problem = $"unknown option --{name}";
                return null;
            }

            if (!parsed._given.TryAdd(name, value))
            {
                problem = $"--{name} is given twice";
                return null;
            }
        }

        return parsed;
    }

    public bool Has(string name) => _given.ContainsKey(name);

    public string? Value(string name) => _given.GetValueOrDefault(name);
}
