namespace Recorder.Host.Commands;

/// <summary>
/// The options of a data command (<c>--name value</c>, <c>--name=value</c>, or a flag). Anything not known is an
/// error rather than passed on as configuration: a mistyped <c>--dryrun</c> must never turn into a real deletion.
/// </summary>
internal sealed class CommandOptions
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    private CommandOptions()
    {
    }

    /// <param name="valued">Option names that take a value, without the leading dashes.</param>
    /// <param name="flags">Option names that stand alone.</param>
    public static CommandOptions Parse(IReadOnlyList<string> args, IReadOnlyCollection<string> valued, IReadOnlyCollection<string> flags)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new CommandOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new CommandLineException($"unexpected argument '{arg}'");
            }

            var separator = arg.IndexOf('=', StringComparison.Ordinal);
            var name = separator < 0 ? arg[2..] : arg[2..separator];
            if (flags.Contains(name))
            {
                options._flags.Add(separator < 0 ? name : throw new CommandLineException($"--{name} takes no value"));
            }
            else if (valued.Contains(name))
            {
                // The value is taken as written: a user id may begin with '-' or end with a space.
                var value = separator >= 0 ? arg[(separator + 1)..]
                    : i + 1 < args.Count ? args[++i]
                    : throw new CommandLineException($"--{name} needs a value");
                if (!options._values.TryAdd(name, value))
                {
                    throw new CommandLineException($"--{name} is given twice");
                }
            }
            else
            {
                throw new CommandLineException($"unknown option '{(separator < 0 ? arg : arg[..separator])}'");
            }
        }

        return options;
    }

    public string? Value(string name) => _values.GetValueOrDefault(name);

    public bool Has(string name) => _flags.Contains(name);
}
