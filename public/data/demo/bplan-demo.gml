<?xml version="1.0" encoding="UTF-8"?>
<!-- Illustrative development plan of the generated demo city (tools/demo-plan.ts): invented, not a real plan. -->
<xplan:XPlanAuszug xmlns:xplan="http://www.xplanung.de/xplangml/6/0" xmlns:gml="http://www.opengis.net/gml/3.2" xmlns:xlink="http://www.w3.org/1999/xlink" gml:id="DEMO_BPLAN_AUSZUG">
  <gml:boundedBy><gml:Envelope srsName="EPSG:25832"><gml:lowerCorner>374615.765 5683642.394</gml:lowerCorner><gml:upperCorner>374709.439 5683740.614</gml:upperCorner></gml:Envelope></gml:boundedBy>
  <gml:featureMember>
    <xplan:BP_Plan gml:id="DEMO_BPLAN_PLAN">
      <gml:boundedBy><gml:Envelope srsName="EPSG:25832"><gml:lowerCorner>374615.765 5683642.394</gml:lowerCorner><gml:upperCorner>374709.439 5683740.614</gml:upperCorner></gml:Envelope></gml:boundedBy>
      <xplan:name>Bebauungsplan Nr. 1187 „Am Toelleturm-Park“ (illustrativ, Demo)</xplan:name>
      <xplan:nummer>1187</xplan:nummer>
      <xplan:beschreibung>Illustrativ / demo: erfundener Bebauungsplan für das generierte Demo-Stadtmodell, kein amtlicher Plan. Wohnen und Mischnutzung am Südrand des Toelleturm-Parks; der Park bleibt öffentliche Grünfläche.</xplan:beschreibung>
      <xplan:technHerstellDatum>2026-01-15</xplan:technHerstellDatum>
      <xplan:erstellungsMassstab>1000</xplan:erstellungsMassstab>
      <xplan:raeumlicherGeltungsbereich>
        <gml:Polygon gml:id="DEMO_BPLAN_PLAN_G" srsName="EPSG:25832">
          <gml:exterior><gml:LinearRing><gml:posList srsDimension="2">374627.960 5683642.394 374709.439 5683653.846 374697.245 5683740.614 374615.765 5683729.163 374627.960 5683642.394</gml:posList></gml:LinearRing></gml:exterior>
        </gml:Polygon>
      </xplan:raeumlicherGeltungsbereich>
      <xplan:gemeinde>
        <xplan:XP_Gemeinde>
          <xplan:ags>05124000</xplan:ags>
          <xplan:gemeindeName>Wuppertal</xplan:gemeindeName>
          <xplan:ortsteilName>Barmen</xplan:ortsteilName>
        </xplan:XP_Gemeinde>
      </xplan:gemeinde>
      <xplan:planArt>1000</xplan:planArt>
      <xplan:rechtsstand>2000</xplan:rechtsstand>
      <xplan:bereich xlink:href="#DEMO_BPLAN_BEREICH"/>
    </xplan:BP_Plan>
  </gml:featureMember>
  <gml:featureMember>
    <xplan:BP_Bereich gml:id="DEMO_BPLAN_BEREICH">
      <gml:boundedBy><gml:Envelope srsName="EPSG:25832"><gml:lowerCorner>374615.765 5683642.394</gml:lowerCorner><gml:upperCorner>374709.439 5683740.614</gml:upperCorner></gml:Envelope></gml:boundedBy>
      <xplan:nummer>0</xplan:nummer>
      <xplan:name>Geltungsbereich (illustrativ)</xplan:name>
      <xplan:geltungsbereich>
        <gml:Polygon gml:id="DEMO_BPLAN_BEREICH_G" srsName="EPSG:25832">
          <gml:exterior><gml:LinearRing><gml:posList srsDimension="2">374627.960 5683642.394 374709.439 5683653.846 374697.245 5683740.614 374615.765 5683729.163 374627.960 5683642.394</gml:posList></gml:LinearRing></gml:exterior>
        </gml:Polygon>
      </xplan:geltungsbereich>
      <xplan:gehoertZuPlan xlink:href="#DEMO_BPLAN_PLAN"/>
    </xplan:BP_Bereich>
  </gml:featureMember>
  <gml:featureMember>
    <xplan:BP_BaugebietsTeilFlaeche gml:id="DEMO_BPLAN_WA1">
      <gml:boundedBy><gml:Envelope srsName="EPSG:25832"><gml:lowerCorner>374622.210 5683649.637</gml:lowerCorner><gml:upperCorner>374655.430 5683687.310</gml:upperCorner></gml:Envelope></gml:boundedBy>
      <xplan:hoehenangabe>
        <xplan:XP_Hoehenangabe>
          <xplan:hoehenbezug>2000</xplan:hoehenbezug>
          <xplan:bezugspunkt>6000</xplan:bezugspunkt>
          <xplan:hMax uom="m">13</xplan:hMax>
        </xplan:XP_Hoehenangabe>
      </xplan:hoehenangabe>
      <xplan:gehoertZuBereich xlink:href="#DEMO_BPLAN_BEREICH"/>
      <xplan:rechtscharakter>1000</xplan:rechtscharakter>
      <xplan:position>
        <gml:Polygon gml:id="DEMO_BPLAN_WA1_G" srsName="EPSG:25832">
          <gml:exterior><gml:LinearRing><gml:posList srsDimension="2">374626.942 5683649.637 374655.430 5683653.641 374650.698 5683687.310 374622.210 5683683.306 374626.942 5683649.637</gml:posList></gml:LinearRing></gml:exterior>
        </gml:Polygon>
      </xplan:position>
      <xplan:flaechenschluss>true</xplan:flaechenschluss>
      <xplan:GFZ>1.2</xplan:GFZ>
      <xplan:GRZ>0.4</xplan:GRZ>
      <xplan:Z>3</xplan:Z>
      <xplan:allgArtDerBaulNutzung>1000</xplan:allgArtDerBaulNutzung>
      <xplan:besondereArtDerBaulNutzung>1200</xplan:besondereArtDerBaulNutzung>
      <xplan:bauweise>1000</xplan:bauweise>
    </xplan:BP_BaugebietsTeilFlaeche>
  </gml:featureMember>
  <gml:featureMember>
    <xplan:BP_BaugebietsTeilFlaeche gml:id="DEMO_BPLAN_WA2">
      <gml:boundedBy><gml:Envelope srsName="EPSG:25832"><gml:lowerCorner>374650.698 5683653.641</gml:lowerCorner><gml:upperCorner>374679.097 5683690.636</gml:upperCorner></gml:Envelope></gml:boundedBy>
      <xplan:gehoertZuBereich xlink:href="#DEMO_BPLAN_BEREICH"/>
      <xplan:rechtscharakter>1000</xplan:rechtscharakter>
      <xplan:position>
        <gml:Polygon gml:id="DEMO_BPLAN_WA2_G" srsName="EPSG:25832">
          <gml:exterior><gml:LinearRing><gml:posList srsDimension="2">374655.430 5683653.641 374679.097 5683656.967 374674.365 5683690.636 374650.698 5683687.310 374655.430 5683653.641</gml:posList></gml:LinearRing></gml:exterior>
        </gml:Polygon>
      </xplan:position>
      <xplan:flaechenschluss>true</xplan:flaechenschluss>
      <xplan:GFZ>0.8</xplan:GFZ>
      <xplan:GRZ>0.4</xplan:GRZ>
      <xplan:Z>2</xplan:Z>
      <xplan:allgArtDerBaulNutzung>1000</xplan:allgArtDerBaulNutzung>
      <xplan:besondereArtDerBaulNutzung>1200</xplan:besondereArtDerBaulNutzung>
      <xplan:bauweise>1000</xplan:bauweise>
    </xplan:BP_BaugebietsTeilFlaeche>
  </gml:featureMember>
  <gml:featureMember>
    <xplan:BP_BaugebietsTeilFlaeche gml:id="DEMO_BPLAN_MI1">
      <gml:boundedBy><gml:Envelope srsName="EPSG:25832"><gml:lowerCorner>374674.365 5683656.967</gml:lowerCorner><gml:upperCorner>374708.422 5683694.757</gml:upperCorner></gml:Envelope></gml:boundedBy>
      <xplan:hoehenangabe>
        <xplan:XP_Hoehenangabe>
          <xplan:hoehenbezug>1000</xplan:hoehenbezug>
          <xplan:bezugspunkt>6000</xplan:bezugspunkt>
          <xplan:hMax uom="m">178</xplan:hMax>
        </xplan:XP_Hoehenangabe>
      </xplan:hoehenangabe>
      <xplan:gehoertZuBereich xlink:href="#DEMO_BPLAN_BEREICH"/>
      <xplan:rechtscharakter>1000</xplan:rechtscharakter>
      <xplan:position>
        <gml:Polygon gml:id="DEMO_BPLAN_MI1_G" srsName="EPSG:25832">
          <gml:exterior><gml:LinearRing><gml:posList srsDimension="2">374679.097 5683656.967 374708.422 5683661.088 374703.690 5683694.757 374674.365 5683690.636 374679.097 5683656.967</gml:posList></gml:LinearRing></gml:exterior>
        </gml:Polygon>
      </xplan:position>
      <xplan:flaechenschluss>true</xplan:flaechenschluss>
      <xplan:GFZ>2.4</xplan:GFZ>
      <xplan:GRZ>0.6</xplan:GRZ>
      <xplan:Z>5</xplan:Z>
      <xplan:allgArtDerBaulNutzung>2000</xplan:allgArtDerBaulNutzung>
      <xplan:besondereArtDerBaulNutzung>1500</xplan:besondereArtDerBaulNutzung>
      <xplan:bauweise>2000</xplan:bauweise>
    </xplan:BP_BaugebietsTeilFlaeche>
  </gml:featureMember>
  <gml:featureMember>
    <xplan:BP_GruenFlaeche gml:id="DEMO_BPLAN_GRUEN">
      <gml:boundedBy><gml:Envelope srsName="EPSG:25832"><gml:lowerCorner>374615.765 5683683.306</gml:lowerCorner><gml:upperCorner>374703.690 5683740.614</gml:upperCorner></gml:Envelope></gml:boundedBy>
      <xplan:gehoertZuBereich xlink:href="#DEMO_BPLAN_BEREICH"/>
      <xplan:rechtscharakter>1000</xplan:rechtscharakter>
      <xplan:position>
        <gml:Polygon gml:id="DEMO_BPLAN_GRUEN_G" srsName="EPSG:25832">
          <gml:exterior><gml:LinearRing><gml:posList srsDimension="2">374622.210 5683683.306 374703.690 5683694.757 374697.245 5683740.614 374615.765 5683729.163 374622.210 5683683.306</gml:posList></gml:LinearRing></gml:exterior>
        </gml:Polygon>
      </xplan:position>
      <xplan:flaechenschluss>true</xplan:flaechenschluss>
      <xplan:zweckbestimmung>
        <xplan:BP_KomplexeZweckbestGruen>
          <xplan:allgemein>1000</xplan:allgemein>
        </xplan:BP_KomplexeZweckbestGruen>
      </xplan:zweckbestimmung>
      <xplan:nutzungsform>2000</xplan:nutzungsform>
    </xplan:BP_GruenFlaeche>
  </gml:featureMember>
  <gml:featureMember>
    <xplan:BP_StrassenVerkehrsFlaeche gml:id="DEMO_BPLAN_STRASSE">
      <gml:boundedBy><gml:Envelope srsName="EPSG:25832"><gml:lowerCorner>374626.942 5683642.394</gml:lowerCorner><gml:upperCorner>374709.439 5683661.088</gml:upperCorner></gml:Envelope></gml:boundedBy>
      <xplan:gehoertZuBereich xlink:href="#DEMO_BPLAN_BEREICH"/>
      <xplan:rechtscharakter>1000</xplan:rechtscharakter>
      <xplan:position>
        <gml:Polygon gml:id="DEMO_BPLAN_STRASSE_G" srsName="EPSG:25832">
          <gml:exterior><gml:LinearRing><gml:posList srsDimension="2">374627.960 5683642.394 374709.439 5683653.846 374708.422 5683661.088 374626.942 5683649.637 374627.960 5683642.394</gml:posList></gml:LinearRing></gml:exterior>
        </gml:Polygon>
      </xplan:position>
      <xplan:flaechenschluss>true</xplan:flaechenschluss>
      <xplan:nutzungsform>2000</xplan:nutzungsform>
    </xplan:BP_StrassenVerkehrsFlaeche>
  </gml:featureMember>
</xplan:XPlanAuszug>
