using System.Globalization;
using System.Text;
using Prometheus;

namespace Recorder.UnitTests.Observability.Support;

/// <summary>
/// A strict reader of the Prometheus text format 0.0.4, written from the format description: every line must be a
/// HELP, TYPE or sample line, samples must follow their family's TYPE, and a family may appear only once.
/// </summary>
public sealed class Exposition
{
    private Exposition(IReadOnlyList<Family> families) => Families = families;

    public IReadOnlyList<Family> Families { get; }

    public Family this[string name] =>
        Families.SingleOrDefault(f => f.Name == name) ?? throw new KeyNotFoundException($"No family {name}.");

    public bool Contains(string name) => Families.Any(f => f.Name == name);

    /// <summary>Collects <paramref name="registry"/> as <c>/metrics</c> would and parses the text.</summary>
    public static async Task<Exposition> ScrapeAsync(CollectorRegistry registry) => Parse(await TextAsync(registry));

    /// <summary>The registry's exposition text, exactly as prometheus-net writes it.</summary>
    public static async Task<string> TextAsync(CollectorRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        using var buffer = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(buffer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static Exposition Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > 0 && !text.EndsWith('\n'))
        {
            throw new FormatException("The exposition must end with a line feed.");
        }

        var families = new List<Family>();
        string? pendingHelpName = null;
        string? pendingHelp = null;
        Family? current = null;
        foreach (var line in text.Split('\n').SkipLast(1))
        {
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                var rest = line["# HELP ".Length..];
                var space = rest.IndexOf(' ', StringComparison.Ordinal);
                pendingHelpName = space < 0 ? rest : rest[..space];
                pendingHelp = space < 0 ? string.Empty : UnescapeHelp(rest[(space + 1)..]);
                CheckMetricName(pendingHelpName);
            }
            else if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line["# TYPE ".Length..].Split(' ');
                if (parts.Length != 2 || parts[1] is not ("counter" or "gauge" or "histogram" or "summary" or "untyped"))
                {
                    throw new FormatException($"Bad TYPE line: {line}");
                }

                CheckMetricName(parts[0]);
                if (families.Any(f => f.Name == parts[0]))
                {
                    throw new FormatException($"Family {parts[0]} appears twice.");
                }

                current = new Family(parts[0], parts[1], pendingHelpName == parts[0] ? pendingHelp : null);
                families.Add(current);
                pendingHelpName = null;
            }
            else if (line.StartsWith('#') || line.Length == 0)
            {
                throw new FormatException($"Unexpected line: '{line}'");
            }
            else
            {
                var sample = ParseSample(line);
                if (current is null || !BelongsTo(sample.Name, current))
                {
                    throw new FormatException($"Sample {sample.Name} does not follow its family's TYPE line.");
                }

                current.Samples.Add(sample);
            }
        }

        return new Exposition(families);
    }

    private static bool BelongsTo(string sampleName, Family family) =>
        sampleName == family.Name
        || (family.Type == "histogram" && sampleName is var n
            && (n == family.Name + "_bucket" || n == family.Name + "_sum" || n == family.Name + "_count"));

    private static Sample ParseSample(string line)
    {
        var i = 0;
        while (i < line.Length && line[i] != '{' && line[i] != ' ')
        {
            i++;
        }

        var name = line[..i];
        CheckMetricName(name);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (line[i] != '}')
            {
                var eq = line.IndexOf('=', i);
                var labelName = line[i..eq];
                if (!IsName(labelName, allowColon: false))
                {
                    throw new FormatException($"Bad label name '{labelName}'.");
                }

                if (line[eq + 1] != '"')
                {
                    throw new FormatException("Label value must be quoted.");
                }

                var value = new StringBuilder();
                i = eq + 2;
                while (line[i] != '"')
                {
                    if (line[i] == '\\')
                    {
                        value.Append(line[i + 1] switch
                        {
                            '\\' => '\\',
                            '"' => '"',
                            'n' => '\n',
                            _ => throw new FormatException("Bad escape in label value."),
                        });
                        i += 2;
                    }
                    else
                    {
                        value.Append(line[i]);
                        i++;
                    }
                }

                if (!labels.TryAdd(labelName, value.ToString()))
                {
                    throw new FormatException($"Label {labelName} repeated.");
                }

                i++;
                if (line[i] == ',')
                {
                    i++;
                }
                else if (line[i] != '}')
                {
                    throw new FormatException("Labels must be separated by commas.");
                }
            }

            i++;
        }

        if (i >= line.Length || line[i] != ' ')
        {
            throw new FormatException($"Missing value: {line}");
        }

        var raw = line[(i + 1)..];
        var number = raw switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            _ => double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        return new Sample(name, labels, number, raw);
    }

    private static string UnescapeHelp(string help) =>
        help.Replace(@"\\", "\u0001", StringComparison.Ordinal)
            .Replace(@"\n", "\n", StringComparison.Ordinal)
            .Replace("\u0001", @"\", StringComparison.Ordinal);

    private static void CheckMetricName(string name)
    {
        if (!IsName(name, allowColon: true))
        {
            throw new FormatException($"Bad metric name '{name}'.");
        }
    }

    private static bool IsName(string name, bool allowColon) =>
        name.Length > 0
        && !char.IsAsciiDigit(name[0])
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':'));

    public sealed class Family
    {
        public Family(string name, string type, string? help)
        {
            Name = name;
            Type = type;
            Help = help;
        }

        public string Name { get; }

        public string Type { get; }

        public string? Help { get; }

        public List<Sample> Samples { get; } = [];

        /// <summary>The value of the one sample named <paramref name="sampleName"/> with exactly these labels.</summary>
        public double Value(string? sampleName = null, params (string Name, string Value)[] labels)
        {
            var wanted = sampleName ?? Name;
            return Samples.Single(s => s.Name == wanted && s.HasExactly(labels)).Value;
        }

        /// <summary>The label sets of the family's plain samples, e.g. the <c>result</c> values of a counter.</summary>
        public IReadOnlyList<string> LabelValues(string label) =>
            [.. Samples.Where(s => s.Name == Name).Select(s => s.Labels[label])];
    }

    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value, string RawValue)
    {
        public bool HasExactly((string Name, string Value)[] labels) =>
            Labels.Count == labels.Length && labels.All(l => Labels.TryGetValue(l.Name, out var v) && v == l.Value);
    }
}
