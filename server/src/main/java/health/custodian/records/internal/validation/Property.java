package health.custodian.records.internal.validation;

import org.jspecify.annotations.Nullable;

/**
 * What one JSON property name of an object means: which element, with which (single) type.
 *
 * <p>Exactly one of {@code primitive}, {@code complex} is set unless {@code resource} is true (a
 * slot of type {@code Resource}: {@code contained}, {@code Bundle.entry.resource}...).
 *
 * @param element the element this property stands for
 * @param shadowName the name of the {@code _name} sibling, precomputed to spare an allocation
 * @param typeCode the FHIR type of the value, e.g. {@code Quantity} for {@code valueQuantity}
 * @param primitive the primitive type, if the type is primitive
 * @param complex the complex type or inline backbone type, if any
 * @param resource whether the value is a whole resource
 */
record Property(
    ElementModel element,
    String shadowName,
    String typeCode,
    @Nullable PrimitiveType primitive,
    @Nullable TypeModel complex,
    boolean resource) {}
