namespace PerNetStack;

/// <summary>A 48-bit Ethernet address.</summary>
public readonly record struct MacAddress(ulong Value)
{
    public static readonly MacAddress Broadcast = new(0xFFFF_FFFF_FFFF);
    public static readonly MacAddress Zero = new(0);

    public static MacAddress Read(ReadOnlySpan<byte> bytes)
    {
        ulong value = 0;
        for (var i = 0; i < 6; i++)
            value = (value << 8) | bytes[i];
        return new MacAddress(value);
    }

    public void Write(Span<byte> bytes)
    {
        for (var i = 0; i < 6; i++)
            bytes[i] = (byte)(Value >> (40 - 8 * i));
    }

    public override string ToString()
    {
        var value = Value;
        return string.Join(":", Enumerable.Range(0, 6).Select(i => ((byte)(value >> (40 - 8 * i))).ToString("x2")));
    }
}
