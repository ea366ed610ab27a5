using System.Globalization;

namespace Recorder.Producer.Schedule.Cli;

/// <summary>`verb --name value …` parsing; unknown names are errors so typos do not silently fall back to defaults.</summary>
internal sealed class CliArguments
{
    private readonly Dictionary<string, string> _values;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    private CliArguments(string verb, Dictionary<string, string> values)
    {
        Verb = verb;
        _values = values;
    }

    public string Verb { get; }

    public static CliArguments Parse(IReadOnlyList<string> args)
    {
        var verb = args.Count > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "help";
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = verb == "help" && (args.Count == 0 || args[0] != "help") ? 0 : 1; i < args.Count; i++)
        {
            var name = args[i];
            if (!name.StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                throw new ArgumentException($"expected '--name value', got '{name}'");
            }

            values[name[2..]] = args[++i];
        }

        return new CliArguments(verb, values);
    }

    public string String(string name, string fallback)
    {
        _read.Add(name);
        return _values.GetValueOrDefault(name, fallback);
    }

    public int Int(string name, int fallback, int min, int max)
    {
        var text = String(name, fallback.ToString(CultureInfo.InvariantCulture));
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new ArgumentException($"--{name} must be a whole number from {min} to {max} (was '{text}')");
        }

        return value;
    }

    /// <summary>Fails on options that no reader asked for.</summary>
    public void EnsureAllUsed()
    {
        var unknown = _values.Keys.Where(k => !_read.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException("unknown option(s): " + string.Join(", ", unknown.Select(u => "--" + u)));
        }
    }
}
