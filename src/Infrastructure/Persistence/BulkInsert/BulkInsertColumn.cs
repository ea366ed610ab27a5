using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Recorder.Infrastructure.Persistence.BulkInsert;

/// <summary>One column the application writes, with how to read its provider value from an entity.</summary>
internal sealed class BulkInsertColumn
{
    private readonly IClrPropertyGetter _getter;
    private readonly ValueConverter? _converter;

    public BulkInsertColumn(IProperty property, StoreObjectIdentifier table)
    {
        Name = property.GetColumnName(table)
            ?? throw new InvalidOperationException($"Property {property.Name} has no column in {table.Name}.");
        _getter = property.GetGetter();
        _converter = property.GetValueConverter() ?? property.GetTypeMapping().Converter;
        ProviderType = _converter?.ProviderClrType ?? property.ClrType;
        // An enum's text comes from the model's converter over a closed set of values, never from input; checking it
        // cost a boxed enum and a conversion per row.
        MayHoldUnpairedSurrogate = ProviderType == typeof(string) && !(Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType).IsEnum;
    }

    public string Name { get; }

    public Type ProviderType { get; }

    /// <summary>Whether a value can be text without a UTF-8 form, so it has to be checked before it is sent.</summary>
    public bool MayHoldUnpairedSurrogate { get; }

    /// <summary>The value as the database driver should receive it (after the model's value converter).</summary>
    public object? ValueOf(object entity)
    {
        var value = _getter.GetClrValue(entity);
        return value is null || _converter is null ? value : _converter.ConvertToProvider(value);
    }
}
