using System.Collections;
using System.Data.Common;

namespace Recorder.Infrastructure.Persistence.MySql;

/// <summary>Parameters of a <see cref="MySqlCommand"/>. Names match placeholders case-insensitively, with or without
/// the leading '@'.</summary>
public sealed class MySqlParameterCollection : DbParameterCollection, IList<MySqlParameter>
{
    private readonly List<MySqlParameter> _items = [];
    private Dictionary<string, int>? _indexByName;

    public override int Count => _items.Count;

    bool ICollection<MySqlParameter>.IsReadOnly => false;

    public override object SyncRoot => ((ICollection)_items).SyncRoot;

    public new MySqlParameter this[int index]
    {
        get => _items[index];
        set => SetParameter(index, value);
    }

    public new MySqlParameter this[string parameterName]
    {
        get => (MySqlParameter)GetParameter(parameterName);
        set => SetParameter(parameterName, value);
    }

    public MySqlParameter Add(MySqlParameter parameter)
    {
        Attach(parameter);
        _items.Add(parameter);
        Invalidate();
        return parameter;
    }

    public override int Add(object value)
    {
        Add(AsParameter(value));
        return _items.Count - 1;
    }

    public MySqlParameter AddWithValue(string parameterName, object? value) => Add(new MySqlParameter(parameterName, value));

    public override void AddRange(Array values)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var value in values)
        {
            Add(value!);
        }
    }

    public override void Clear()
    {
        foreach (var parameter in _items)
        {
            parameter.Collection = null;
        }

        _items.Clear();
        Invalidate();
    }

    public override bool Contains(object value) => value is MySqlParameter parameter && _items.Contains(parameter);

    public override bool Contains(string value) => IndexOf(value) >= 0;

    public override void CopyTo(Array array, int index) => ((ICollection)_items).CopyTo(array, index);

    public override IEnumerator GetEnumerator() => _items.GetEnumerator();

    public override int IndexOf(object value) => value is MySqlParameter parameter ? _items.IndexOf(parameter) : -1;

    public override int IndexOf(string parameterName) =>
        Index().TryGetValue(MySqlParameter.Normalize(parameterName ?? string.Empty), out var index) ? index : -1;

    public override void Insert(int index, object value)
    {
        var parameter = AsParameter(value);
        Attach(parameter);
        _items.Insert(index, parameter);
        Invalidate();
    }

    public override void Remove(object value)
    {
        if (value is MySqlParameter parameter && _items.Remove(parameter))
        {
            parameter.Collection = null;
            Invalidate();
        }
    }

    public override void RemoveAt(int index)
    {
        _items[index].Collection = null;
        _items.RemoveAt(index);
        Invalidate();
    }

    public override void RemoveAt(string parameterName) => RemoveAt(IndexOrThrow(parameterName));

    public int IndexOf(MySqlParameter item) => _items.IndexOf(item);

    public void Insert(int index, MySqlParameter item) => Insert(index, (object)item);

    public bool Contains(MySqlParameter item) => _items.Contains(item);

    public void CopyTo(MySqlParameter[] array, int arrayIndex) => _items.CopyTo(array, arrayIndex);

    public bool Remove(MySqlParameter item)
    {
        var index = _items.IndexOf(item);
        if (index < 0)
        {
            return false;
        }

        RemoveAt(index);
        return true;
    }

    void ICollection<MySqlParameter>.Add(MySqlParameter item) => Add(item);

    IEnumerator<MySqlParameter> IEnumerable<MySqlParameter>.GetEnumerator() => _items.GetEnumerator();

    /// <summary>Looks up a value by placeholder name (without '@').</summary>
    internal bool TryGetValue(string normalizedName, out object? value)
    {
        var hint = -1;
        return TryGetValue(normalizedName, ref hint, out value);
    }

    /// <summary>
    /// Looks up a value by placeholder name, first trying the parameter at <paramref name="hint"/>: parameters are
    /// usually added in placeholder order, so a statement with thousands of placeholders binds without building the
    /// name index. On success <paramref name="hint"/> moves past the parameter found.
    /// </summary>
    internal bool TryGetValue(string normalizedName, ref int hint, out object? value)
    {
        if ((uint)hint < (uint)_items.Count && string.Equals(_items[hint].NormalizedName, normalizedName, StringComparison.OrdinalIgnoreCase))
        {
            value = _items[hint++].Value;
            return true;
        }

        if (Index().TryGetValue(normalizedName, out var index))
        {
            value = _items[index].Value;
            hint = index + 1;
            return true;
        }

        value = null;
        return false;
    }

    internal void OnNameChanged() => Invalidate();

    protected override DbParameter GetParameter(int index) => _items[index];

    protected override DbParameter GetParameter(string parameterName) => _items[IndexOrThrow(parameterName)];

    protected override void SetParameter(int index, DbParameter value)
    {
        var parameter = AsParameter(value);
        _items[index].Collection = null;
        Attach(parameter);
        _items[index] = parameter;
        Invalidate();
    }

    protected override void SetParameter(string parameterName, DbParameter value) => SetParameter(IndexOrThrow(parameterName), value);

    private static MySqlParameter AsParameter(object value) =>
        value as MySqlParameter ?? throw new ArgumentException("Only MySqlParameter objects can be added.", nameof(value));

    private void Attach(MySqlParameter parameter)
    {
        if (parameter.Collection is not null && !ReferenceEquals(parameter.Collection, this))
        {
            throw new ArgumentException("The parameter already belongs to another command.", nameof(parameter));
        }

        parameter.Collection = this;
    }

    private int IndexOrThrow(string parameterName)
    {
        var index = IndexOf(parameterName);
        return index >= 0 ? index : throw new ArgumentException($"Parameter '{parameterName}' not found.", nameof(parameterName));
    }

    private void Invalidate() => _indexByName = null;

    private Dictionary<string, int> Index()
    {
        if (_indexByName is { } existing)
        {
            return existing;
        }

        var index = new Dictionary<string, int>(_items.Count, StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < _items.Count; i++)
        {
            // First one wins, as with a linear search.
            index.TryAdd(_items[i].NormalizedName, i);
        }

        _indexByName = index;
        return index;
    }
}
