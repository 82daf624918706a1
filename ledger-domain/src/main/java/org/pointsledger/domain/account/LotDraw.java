package org.pointsledger.domain.account;

import java.math.BigDecimal;

/** The points a deduction took from one lot. */
public record LotDraw(String lotId, BigDecimal points) {
}
